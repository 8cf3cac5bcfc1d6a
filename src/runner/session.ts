import type { AgentConfig } from '../config/types.js';
import { targetLabel, type Target } from '../target/target.js';
import { ReconfError } from '../errors.js';
import { classifyError, connect } from '../target/connect.js';
import { probeServer } from '../kill/execute/probe.js';
import type { Session } from '../kill/kill-run.js';

/** The name the agent's own connections carry in CLIENT LIST. */
export const AGENT_CONNECTION_NAME = 'reconf-agent';

/** The parts of the config a connection to a target reads. */
export type ConnectionConfig = Pick<AgentConfig, 'auth' | 'tls' | 'watch'>;

/**
 * Connect to a target as the agent: the config's auth, TLS and timeout, our connection name.
 * Credentials in the target's own URL win over `auth`, as they do for Sentinels.
 */
export const connectAgent = (
  target: Target,
  cfg: ConnectionConfig,
  opts: { reconnect?: boolean; commandTimeoutMs?: number | false } = {},
): ReturnType<typeof connect> => {
  const ownCredentials = target.username !== undefined || target.password !== undefined;
  const auth = ownCredentials ? {} : cfg.auth;
  return connect(target, {
    timeoutMs: cfg.watch.timeoutMs,
    connectionName: AGENT_CONNECTION_NAME,
    tls: cfg.tls,
    reconnect: opts.reconnect ?? false,
    ...(opts.commandTimeoutMs !== undefined && { commandTimeoutMs: opts.commandTimeoutMs }),
    ...(auth.username && { username: auth.username }),
    ...(auth.password !== undefined && { password: auth.password }),
  });
};

/** Connect to a target (see connectAgent) and learn its capabilities. */
export const openSession = async (
  target: Target,
  cfg: ConnectionConfig,
  opts: { reconnect?: boolean; label?: string; commandTimeoutMs?: false } = {},
): Promise<Session & { close(): void }> => {
  const redis = await connectAgent(target, cfg, { reconnect: opts.reconnect ?? false, ...(opts.commandTimeoutMs === false && { commandTimeoutMs: false }) });
  const label = opts.label ?? targetLabel(target);
  try {
    const probe = await probeServer(redis);
    return { label, redis, probe, close: () => redis.disconnect() };
  } catch (e) {
    redis.disconnect();
    // probeServer lets raw ioredis errors (timeouts, closed connections) through: classify them here.
    throw e instanceof ReconfError ? e : classifyError(e, label);
  }
};
