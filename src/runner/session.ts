import type { AgentConfig } from '../config/types.js';
import { targetLabel, type Target } from '../target/target.js';
import { ReconfError } from '../errors.js';
import { classifyError, connect } from '../target/connect.js';
import type { Redis } from 'ioredis';
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

/** An open connection to a target, what was learned when it opened, and how to close it. */
export interface Connection<P> {
  readonly label: string;
  readonly redis: Redis;
  readonly probe: P;
  close(): void;
}

/**
 * Connect to a target (see connectAgent) and learn what `learn` asks of the server. A failure
 * closes the connection; raw ioredis errors (timeouts, closed connections) come back classified.
 */
export const openConnection = async <P>(
  target: Target,
  cfg: ConnectionConfig,
  learn: (redis: Redis) => Promise<P>,
  opts: { reconnect?: boolean; label?: string; commandTimeoutMs?: false } = {},
): Promise<Connection<P>> => {
  const redis = await connectAgent(target, cfg, { reconnect: opts.reconnect ?? false, ...(opts.commandTimeoutMs === false && { commandTimeoutMs: false }) });
  const label = opts.label ?? targetLabel(target);
  try {
    const probe = await learn(redis);
    return { label, redis, probe, close: () => redis.disconnect() };
  } catch (e) {
    redis.disconnect();
    throw e instanceof ReconfError ? e : classifyError(e, label);
  }
};

/** A session a kill run can use, with its connection's close. */
export type OpenSession = Session & { close(): void };

/** Connect to a target and learn its capabilities and our own id: a session a kill run can use. */
export const openSession = (target: Target, cfg: ConnectionConfig, opts: { reconnect?: boolean; label?: string } = {}): Promise<OpenSession> =>
  openConnection(target, cfg, probeServer, opts);
