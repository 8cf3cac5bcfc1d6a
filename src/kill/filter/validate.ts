import { FilterError } from '../../errors.js';
import { clientId } from './client-id.js';
import { CAPA_LETTERS, CLIENT_TYPES, FLAG_LETTERS, tokenOf, type Clause, type Filter } from './types.js';

/** Is the clause a NOT- form? (MAXAGE and IDLE have none.) */
export const isNegated = (c: Clause): boolean => 'negate' in c && c.negate;

const BAD_STRING = /[\s\x00-\x1f\x7f]/;

const wholeAtLeast = (token: string, n: number, min: number, what: string): void => {
  if (!Number.isSafeInteger(n) || n < min) throw new FilterError(`${token} needs ${what}, got '${n}'`);
};

/**
 * Check one clause's value. Throws FilterError naming the token. The parser calls this after
 * reading the text; compile() calls it again so a Filter built in code (config, daemon) can never
 * carry an empty ID list or `ID 0`, which some servers read as "every client".
 */
export const checkClause = (c: Clause): void => {
  const token = tokenOf(c.kind, isNegated(c));
  switch (c.kind) {
    case 'id':
      if (c.ids.length === 0) throw new FilterError(`${token} needs at least one client id`);
      for (const id of c.ids) {
        if (clientId(id) !== id) throw new FilterError(`${token} needs client ids from 1 to 18446744073709551615, got '${id}'`);
      }
      return;
    case 'type':
      if (!(CLIENT_TYPES as readonly string[]).includes(c.value)) {
        throw new FilterError(`${token} '${c.value}' is not a client type; accepted: ${CLIENT_TYPES.join('|')}`);
      }
      return;
    case 'maxage':
    case 'idle':
      wholeAtLeast(token, c.seconds, 1, 'a whole number of seconds > 0');
      return;
    case 'db':
      wholeAtLeast(token, c.value, 0, 'a whole number >= 0');
      return;
    case 'flags': {
      const bad = [...c.letters].filter((l) => !FLAG_LETTERS.includes(l));
      if (c.letters.length === 0 || bad.length > 0) {
        throw new FilterError(`${token} '${c.letters}' has unknown flag letters '${bad.join('')}'; accepted: ${FLAG_LETTERS}`);
      }
      if (c.letters.includes('N') && c.letters.length > 1) {
        throw new FilterError(`${token} '${c.letters}': N means "no flags" and cannot be combined with other letters`);
      }
      return;
    }
    default:
      if (c.value.length === 0 || BAD_STRING.test(c.value)) {
        throw new FilterError(`${token} needs a value without spaces or control characters, got '${c.value}'`);
      }
      if (c.kind === 'capa' && [...c.value].some((l) => !CAPA_LETTERS.includes(l))) {
        throw new FilterError(`${token} '${c.value}' has unknown capability letters; accepted: ${CAPA_LETTERS}`);
      }
  }
};

/** Would a client matching `pos` always fail `neg` (same kind, opposite sign)? */
const contradicts = (pos: Clause, neg: Clause): boolean => {
  if (pos.kind === 'id' && neg.kind === 'id') return pos.ids.every((id) => neg.ids.includes(id));
  // FLAGS needs all its letters; NOT-FLAGS refuses clients having all of its letters.
  if (pos.kind === 'flags' && neg.kind === 'flags') return [...neg.letters].every((l) => pos.letters.includes(l));
  if ('value' in pos && 'value' in neg) return pos.value === neg.value;
  return false;
};

/**
 * Check a whole filter: each clause, no clause kind twice (ID takes several values in one
 * clause instead), no clause and its NOT- form that together match nothing, and the old
 * `ip:port` form only on its own. Returns the filter unchanged.
 */
export const validateFilter = (f: Filter): Filter => {
  if (f.clauses.length === 0 && f.skipme === undefined) throw new FilterError('empty filter: give at least one filter token');
  if (f.legacyAddr && (f.clauses.length !== 1 || f.clauses[0]?.kind !== 'addr' || f.skipme !== undefined)) {
    throw new FilterError('the old form ip:port stands alone; write ADDR ip:port to combine it with other tokens');
  }
  const seen = new Set<string>();
  for (const c of f.clauses) {
    checkClause(c);
    const token = tokenOf(c.kind, isNegated(c));
    if (seen.has(token)) throw new FilterError(`${token} is given twice; give it once (ID and NOT-ID take several values)`);
    seen.add(token);
  }
  for (const pos of f.clauses) {
    if (!('negate' in pos) || pos.negate) continue;
    const neg = f.clauses.find((c) => c.kind === pos.kind && isNegated(c));
    if (neg && contradicts(pos, neg)) {
      throw new FilterError(
        `${tokenOf(pos.kind, false)} and ${tokenOf(pos.kind, true)} contradict each other: the filter can match nothing`,
      );
    }
  }
  return f;
};
