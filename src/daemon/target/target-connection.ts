import { openSession } from '../../runner/session.js';
import type { Session } from '../../kill/kill-run.js';
import type { AgentConfig } from '../../config/types.js';
import { parseRoleReply, type ObservedRole } from './role.js';
import { RoleLine } from './role-line.js';
import { withTimeout } from './timeout.js';
import type { WatchedTarget } from '../topology.js';

export type WatchConfig = Pick<AgentConfig, 'auth' | 'tls' | 'watch'>;

/** An open connection to a target, with its probe, that its owner closes. */
export type OpenSession = Session & { close(): void };

/** What a connection was opened with: when a reload changes it, the connection is opened again (between runs). */
export const connectionSettings = (cfg: WatchConfig, commandTimeout: boolean): string =>
  JSON.stringify([cfg.auth, cfg.tls, commandTimeout ? cfg.watch.timeoutMs : 0]);

/**
 * The daemon's connect: openSession, bounded as a whole by 4 x watch.timeoutMs (each command is
 * bounded by timeoutMs), closing a connection that arrives late. `commandTimeoutMs: false` leaves
 * every command to the caller's own deadline (the ROLE poll's, which is measured against the
 * event loop); kill connections keep the per-command timeout.
 */
export const openTargetSession = async (t: WatchedTarget, cfg: WatchConfig, opts: { commandTimeoutMs?: false } = {}): Promise<OpenSession> => {
  const opening = openSession(t.target, cfg, { label: t.name, ...opts });
  try {
    return await withTimeout(opening, 4 * cfg.watch.timeoutMs, `connect to ${t.name}`);
  } catch (e) {
    void opening.then((late) => late.close(), () => undefined);
    throw e;
  }
};

/** A connection that polls ROLE: ioredis opened and probed it, its RoleLine asks ROLE. */
export type PollSession = OpenSession & { readonly role: RoleLine };

/** openTargetSession, then ROLE over the connection's own RoleLine (every command after the probe is the caller's ROLE). */
export const openPollSession = async (t: WatchedTarget, cfg: WatchConfig): Promise<PollSession> => {
  const s = await openTargetSession(t, cfg, { commandTimeoutMs: false });
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
