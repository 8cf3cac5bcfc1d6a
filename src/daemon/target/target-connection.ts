import { openConnection, openSession, type Connection, type OpenSession } from '../../runner/session.js';
import { probeInfo } from '../../kill/execute/probe.js';
import type { ServerInfo } from '../../kill/plan/capabilities.js';
import type { AgentConfig } from '../../config/types.js';
import { parseRoleReply, type ObservedRole } from './role.js';
import { RoleLine } from './role-line.js';
import { withTimeout } from './timeout.js';
import type { WatchedTarget } from '../topology.js';

export type WatchConfig = Pick<AgentConfig, 'auth' | 'tls' | 'watch'>;

/** What a connection was opened with: when a reload changes it, the connection is opened again (between runs). */
export const connectionSettings = (cfg: WatchConfig, commandTimeout: boolean): string =>
  JSON.stringify([cfg.auth, cfg.tls, commandTimeout ? cfg.watch.timeoutMs : 0]);

/** A connection's opening bounded as a whole by 4 x watch.timeoutMs, closing a connection that arrives late. */
const bounded = async <S extends { close(): void }>(opening: Promise<S>, t: WatchedTarget, cfg: WatchConfig): Promise<S> => {
  try {
    return await withTimeout(opening, 4 * cfg.watch.timeoutMs, `connect to ${t.name}`);
  } catch (e) {
    void opening.then((late) => late.close(), () => undefined);
    throw e;
  }
};

/** The daemon's kill connection: openSession (each command bounded by timeoutMs), bounded as a whole. */
export const openTargetSession = (t: WatchedTarget, cfg: WatchConfig): Promise<OpenSession> =>
  bounded(openSession(t.target, cfg, { label: t.name }), t, cfg);

/**
 * A connection that polls ROLE: ioredis opened it and asked INFO server (the run_id tells a
 * restart), then its RoleLine asks ROLE. It needs neither our client id nor CLIENT KILL's
 * capabilities (kill runs use their own connection), so it asks for neither. No per-command
 * timer: each ROLE is bounded by the poll's own deadline, measured against the event loop.
 */
export type PollSession = Connection<ServerInfo> & { readonly role: RoleLine };

/** Open a poll connection (see PollSession), bounded as a whole by 4 x watch.timeoutMs. */
export const openPollSession = async (t: WatchedTarget, cfg: WatchConfig): Promise<PollSession> => {
  const s = await bounded(openConnection(t.target, cfg, probeInfo, { label: t.name, commandTimeoutMs: false }), t, cfg);
  return { ...s, role: new RoleLine(s.redis.stream, s.label) };
};

/** The role a poll connection's ROLE said, or why it did not say one. */
export type RoleAnswer = (e: Error | undefined, role?: ObservedRole) => void;

/** ROLE on a poll connection, bounded by watch.timeoutMs (against the event loop): the watcher's poll, a callback. */
export const pollRole = (s: PollSession, cfg: WatchConfig, answer: RoleAnswer): void =>
  s.role.ask(cfg.watch.timeoutMs, (e, reply) => {
    if (e) return answer(e);
    let role: ObservedRole;
    try {
      role = parseRoleReply(reply);
    } catch (err) {
      return answer(err as Error);
    }
    answer(undefined, role);
  });

/** pollRole as a promise, for one-shot callers. */
export const askRole = (s: PollSession, cfg: WatchConfig): Promise<ObservedRole> =>
  new Promise((resolve, reject) => pollRole(s, cfg, (e, role) => (e ? reject(e) : resolve(role!))));

/**
 * Connect and learn the role once, as the daemon's poller does: for one-shot callers (`reap`).
 * Never throws; a target that does not answer comes back with its error.
 */
export const connectAndAskRole = async (t: WatchedTarget, cfg: WatchConfig): Promise<{ role: ObservedRole } | { error: string }> => {
  let s: PollSession | undefined;
  try {
    s = await openPollSession(t, cfg);
    return { role: await askRole(s, cfg) };
  } catch (e) {
    return { error: (e as Error).message ?? String(e) };
  } finally {
    s?.close();
  }
};
