import type { ClientId } from './client-id.js';
import { lettersMask } from './client-flags.js';
import { clientType, flagMask, type ClientRecord } from './client-record.js';
import type { Clause, Filter } from './types.js';

/** A filter compiled for local evaluation: does it select this client, given the caller's own id? */
export type FilterPredicate = (r: ClientRecord, selfId: ClientId) => boolean;
type ClausePredicate = (r: ClientRecord) => boolean;

/**
 * Valkey's IP filter, as its `clientMatchesIpFilter` does it: the address with IPv6's leading `[`
 * dropped must start with `ip`, followed by `:` or `]:` and a port that does not start with 0 (so a
 * unix socket, `path:0`, never matches). `IP ::1` matches `[::1]:6000`; `IP [::1]` matches nothing.
 */
const ipMatches = (ip: string, addr: string): boolean => {
  const from = addr.charCodeAt(0) === 91 /* [ */ ? 1 : 0;
  if (!addr.startsWith(ip, from)) return false;
  let i = from + ip.length;
  if (addr.charCodeAt(i) === 93 /* ] */) i++;
  return addr.charCodeAt(i) === 58 /* : */ && i + 1 < addr.length && addr.charCodeAt(i + 1) !== 48; /* 0 */
};

/** FLAGS: the client has every letter given; `N` means it has none. */
const flagsPredicate = (letters: string): ClausePredicate => {
  const none = letters.includes('N');
  const need = lettersMask(letters.replaceAll('N', ''));
  return (r) => {
    const m = flagMask(r);
    return (m & need) === need && (!none || m === 0);
  };
};

const positive = (c: Clause): ClausePredicate => {
  switch (c.kind) {
    case 'id': {
      const ids = new Set(c.ids);
      return (r) => ids.has(r.id);
    }
    case 'type': {
      const type = c.value;
      return (r) => clientType(r) === type;
    }
    case 'user':
      return (r) => r.user === c.value;
    case 'addr':
      return (r) => r.addr === c.value;
    case 'laddr':
      return (r) => r.laddr === c.value;
    case 'name':
      return (r) => r.name === c.value;
    case 'lib-name':
      return (r) => r.libName === c.value;
    case 'lib-ver':
      return (r) => r.libVer === c.value;
    case 'ip':
      return (r) => ipMatches(c.value, r.addr);
    case 'capa': {
      // Valkey's CAPA filter: the client has every capability letter given.
      const letters = [...c.value];
      return (r) => r.capa !== undefined && letters.every((l) => r.capa!.includes(l));
    }
    case 'maxage':
      return (r) => r.age >= c.seconds;
    case 'idle':
      return (r) => r.idle >= c.seconds;
    case 'flags':
      return flagsPredicate(c.letters);
    case 'db':
      return (r) => r.db === c.value;
  }
};

const compileClause = (c: Clause): ClausePredicate => {
  const p = positive(c);
  return 'negate' in c && c.negate ? (r) => !p(r) : p;
};

/** Does one clause hold for a client (Valkey 9 semantics)? */
export const clauseMatches = (c: Clause, r: ClientRecord): boolean => compileClause(c)(r);

/**
 * Compile a filter once into a predicate: every clause with Valkey 9 semantics (ids in a Set,
 * flags as a bit mask), and SKIPME against the caller's own id.
 */
export const compileFilter = (f: Filter): FilterPredicate => {
  const clauses = f.clauses.map(compileClause);
  const skipSelf = f.skipme ?? true;
  return (r, selfId) => {
    if (skipSelf && r.id === selfId) return false;
    for (const c of clauses) if (!c(r)) return false;
    return true;
  };
};

const compiled = new WeakMap<Filter, FilterPredicate>();

/** Does the filter match the client? Compiles the filter on first use and keeps it while the filter lives. */
export const filterMatches = (f: Filter, r: ClientRecord, selfId: ClientId): boolean => {
  let p = compiled.get(f);
  if (p === undefined) compiled.set(f, (p = compileFilter(f)));
  return p(r, selfId);
};
