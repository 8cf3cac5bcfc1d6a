import type { AgentConfig } from '../config/types.js';
import { targetLabel, type Target } from '../target/target.js';
import { ReconfError } from '../errors.js';
import { classifyError, connect } from '../target/connect.js';
import { probeServer } from '../kill/execute/probe.js';
import type { Session } from '../kill/kill-run.js';

/** The name the agent's own connections carry in CLIENT LIST. */
export const AGENT_CONNECTION_NAME = 'reconf-agent';

/**
 * Connect to a target with the config's auth, TLS and timeout, and learn its capabilities.
 * Credentials in the target's own URL win over `auth`, as they do for Sentinels.
 */
export const openSession = async (
  target: Target,
  cfg: Pick<AgentConfig, 'auth' | 'tls' | 'watch'>,
  opts: { reconnect?: boolean; label?: string } = {},
): Promise<Session & { close(): void }> => {
  const ownCredentials = target.username !== undefined || target.password !== undefined;
  const auth = ownCredentials ? {} : cfg.auth;
  const redis = await connect(target, {
    timeoutMs: cfg.watch.timeoutMs,
    connectionName: AGENT_CONNECTION_NAME,
    tls: cfg.tls,
    reconnect: opts.reconnect ?? false,
    ...(auth.username && { username: auth.username }),
    ...(auth.password !== undefined && { password: auth.password }),
  });
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
