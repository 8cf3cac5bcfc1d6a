import type { ClientId } from './client-id.js';
import { clientType, type ClientRecord } from './client-list.js';
import type { Clause, Filter } from './types.js';

/**
 * Valkey's IP filter, as its `clientMatchesIpFilter` does it: the address with IPv6's leading `[`
 * dropped must start with `ip`, followed by `:` or `]:` and a port that does not start with 0 (so a
 * unix socket, `path:0`, never matches). `IP ::1` matches `[::1]:6000`; `IP [::1]` matches nothing.
 */
const ipMatches = (ip: string, addr: string): boolean => {
  const peer = addr.startsWith('[') ? addr.slice(1) : addr;
  if (!peer.startsWith(ip)) return false;
  let rest = peer.slice(ip.length);
  if (rest.startsWith(']')) rest = rest.slice(1);
  return rest.startsWith(':') && rest.length > 1 && rest[1] !== '0';
};

/** Valkey's CAPA filter: the client has every capability letter given. */
const capaMatches = (capa: string, have: string | undefined): boolean =>
  have !== undefined && [...capa].every((l) => have.includes(l));

const positive = (c: Clause, r: ClientRecord): boolean => {
  switch (c.kind) {
    case 'id':
      return c.ids.includes(r.id);
    case 'type':
      return clientType(r) === c.value;
    case 'user':
      return r.user === c.value;
    case 'addr':
      return r.addr === c.value;
    case 'laddr':
      return r.laddr === c.value;
    case 'name':
      return r.name === c.value;
    case 'lib-name':
      return r.libName === c.value;
    case 'lib-ver':
      return r.libVer === c.value;
    case 'ip':
      return ipMatches(c.value, r.addr);
    case 'capa':
      return capaMatches(c.value, r.capa);
    case 'maxage':
      return r.age >= c.seconds;
    case 'idle':
      return r.idle >= c.seconds;
    case 'flags':
      return [...c.letters].every((l) => (l === 'N' ? r.flags === '' : r.flags.includes(l)));
    case 'db':
      return r.db === c.value;
  }
};

/** Does one clause hold for a client (Valkey 9 semantics)? */
export const clauseMatches = (c: Clause, r: ClientRecord): boolean =>
  'negate' in c && c.negate ? !positive(c, r) : positive(c, r);

/**
 * Does the filter match the client? Evaluates every clause locally with Valkey 9
 * semantics, and SKIPME against the caller's own id.
 */
export const filterMatches = (f: Filter, r: ClientRecord, selfId: ClientId): boolean => {
  const skipSelf = f.skipme ?? true;
  if (skipSelf && r.id === selfId) return false;
  return f.clauses.every((c) => clauseMatches(c, r));
};
