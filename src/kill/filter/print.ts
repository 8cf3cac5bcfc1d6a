import { tokenOf, type Clause, type Filter } from './types.js';

/** A clause as CLIENT KILL tokens. */
export const clauseTokens = (c: Clause): string[] => {
  switch (c.kind) {
    case 'id':
      return [tokenOf('id', c.negate), ...c.ids.map(String)];
    case 'maxage':
    case 'idle':
      return [tokenOf(c.kind, false), String(c.seconds)];
    case 'flags':
      return [tokenOf('flags', c.negate), c.letters];
    case 'db':
      return [tokenOf('db', c.negate), String(c.value)];
    default:
      return [tokenOf(c.kind, c.negate), c.value];
  }
};

/** A filter as tokens that parseFilter reads back to the same filter. */
export const filterTokens = (f: Filter): string[] => {
  if (f.legacyAddr && f.clauses[0]?.kind === 'addr') return [f.clauses[0].value];
  const tokens = f.clauses.flatMap(clauseTokens);
  if (f.skipme !== undefined) tokens.push('SKIPME', f.skipme ? 'yes' : 'no');
  return tokens;
};

export const printFilter = (f: Filter): string => filterTokens(f).join(' ');
