import { targetLabel } from '../../target/target.js';
import { UnexpectedRoleError } from '../errors.js';

/** What one ROLE reply says a server is: a master, or a replica of `of` (host:port). */
export type ObservedRole = { readonly kind: 'master' } | { readonly kind: 'replica'; readonly of: string };

/** `host:port` as the rest of the agent writes addresses (IPv6 in brackets). */
export const addrOf = (host: string, port: number | string): string => targetLabel({ kind: 'tcp', host, port: Number(port), tls: false });

/** Every poll of a master says this: one object for all of them, not one a poll. */
const MASTER: ObservedRole = Object.freeze({ kind: 'master' });

/**
 * Read a RESP2 ROLE reply: `[master, offset, replicas]`, `[slave, host, port, state, offset]`
 * (Valkey may say `replica`). Pure; throws UnexpectedRoleError for a Sentinel or garbage.
 */
export const parseRoleReply = (reply: unknown): ObservedRole => {
  if (!Array.isArray(reply) || reply.length === 0) throw new UnexpectedRoleError(`ROLE reply is not an array: ${JSON.stringify(reply)}`);
  const role = String(reply[0]).toLowerCase();
  if (role === 'master' || role === 'primary') return MASTER;
  if (role === 'slave' || role === 'replica') {
    const host = String(reply[1] ?? '');
    const port = Number(reply[2]);
    if (!host || !Number.isInteger(port) || port < 1) throw new UnexpectedRoleError(`ROLE reply names no master: ${JSON.stringify(reply)}`);
    return { kind: 'replica', of: addrOf(host, port) };
  }
  throw new UnexpectedRoleError(`ROLE says '${role}': only masters and replicas can be watched (is a Sentinel listed under targets?)`);
};

/** `master` or `replica of host:port`, for logs, audit lines and status. */
export const roleText = (r: ObservedRole): string => (r.kind === 'master' ? 'master' : `replica of ${r.of}`);

export const sameRole = (a: ObservedRole, b: ObservedRole): boolean =>
  a.kind === b.kind && (a.kind === 'master' || a.of === (b as { of: string }).of);
