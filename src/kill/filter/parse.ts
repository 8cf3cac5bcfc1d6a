import { FilterError } from '../../errors.js';
import { clientId, type ClientId } from './client-id.js';
import { checkClause, isNegated, validateFilter } from './validate.js';
import {
  canonicalType,
  SECONDS_KINDS,
  STRING_KINDS,
  TYPE_NAMES,
  type Clause,
  type ClauseKind,
  type Filter,
  type TypeName,
} from './types.js';

const NEGATABLE: readonly ClauseKind[] = ['id', 'type', 'db', 'flags', ...STRING_KINDS];
const ALL_KINDS: readonly ClauseKind[] = [...NEGATABLE, ...SECONDS_KINDS];

export const ACCEPTED_TOKENS =
  'ID TYPE USER ADDR LADDR SKIPME MAXAGE IDLE NAME FLAGS LIB-NAME LIB-VER DB IP CAPA, the NOT- forms of ' +
  'ID TYPE USER ADDR LADDR NAME FLAGS LIB-NAME LIB-VER DB CAPA IP, or ip:port alone';

const OLD_FORM = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d+$/;

/** Split a filter string into tokens on whitespace. */
export const tokenize = (text: string): string[] => text.trim().split(/\s+/).filter((t) => t.length > 0);

/** Read a whole number written in digits; the range is checked by checkClause. */
const wholeNumber = (token: string, value: string): number => {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new FilterError(`${token} needs a whole number, got '${value}'`);
  }
  return Number(value);
};

/** Read a client id: a whole number in 1..2^64-1, kept exact as canonical decimal. */
const idValue = (token: string, value: string): ClientId => {
  const id = clientId(value);
  if (id === undefined) throw new FilterError(`${token} needs client ids from 1 to 18446744073709551615, got '${value}'`);
  return id;
};

const parseKind = (upper: string): { kind: ClauseKind; negate: boolean } | undefined => {
  const negate = upper.startsWith('NOT-');
  const name = (negate ? upper.slice(4) : upper).toLowerCase() as ClauseKind;
  if (!ALL_KINDS.includes(name)) return undefined;
  if (negate && !NEGATABLE.includes(name)) return undefined;
  return { kind: name, negate };
};

const readClause = (kind: ClauseKind, negate: boolean, token: string, value: string, more: string[]): Clause => {
  switch (kind) {
    case 'id':
      return { kind, negate, ids: [...new Set([value, ...more].map((v) => idValue(token, v)))] };
    case 'type': {
      const t = value.toLowerCase();
      if (!(TYPE_NAMES as readonly string[]).includes(t)) {
        throw new FilterError(`${token} '${value}' is not a client type; accepted: ${TYPE_NAMES.join('|')}`);
      }
      return { kind, negate, value: canonicalType(t as TypeName) };
    }
    case 'maxage':
    case 'idle':
      return { kind, seconds: wholeNumber(token, value) };
    case 'db':
      return { kind, negate, value: wholeNumber(token, value) };
    case 'flags':
      return { kind, negate, letters: [...new Set(value)].join('') };
    default:
      return { kind, negate, value };
  }
};

const takeClause = (kind: ClauseKind, negate: boolean, token: string, value: string, more: string[]): Clause => {
  const clause = readClause(kind, negate, token, value, more);
  checkClause(clause);
  return clause;
};

/**
 * Parse a filter from a string or from tokens. Pure; throws FilterError naming the bad
 * token and what is accepted. ID and NOT-ID take several values and accumulate; any other
 * token given twice is refused rather than silently letting one value win.
 */
export const parseFilter = (input: string | readonly string[]): Filter => {
  const tokens = typeof input === 'string' ? tokenize(input) : input.flatMap(tokenize);
  if (tokens.length === 0) throw new FilterError(`empty filter; accepted: ${ACCEPTED_TOKENS}`);
  if (tokens.length === 1 && OLD_FORM.test(tokens[0]!)) {
    return validateFilter({ clauses: [{ kind: 'addr', value: tokens[0]!, negate: false }], legacyAddr: true });
  }
  const clauses: Clause[] = [];
  let skipme: boolean | undefined;
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    const upper = token.toUpperCase();
    const value = tokens[i + 1];
    if (upper === 'SKIPME') {
      if (value === undefined) throw new FilterError(`SKIPME needs a value; accepted: yes|no`);
      if (!/^(yes|no)$/i.test(value)) throw new FilterError(`SKIPME '${value}' is not yes or no`);
      if (skipme !== undefined) throw new FilterError(`SKIPME is given twice; give it once`);
      skipme = value.toLowerCase() === 'yes';
      i += 2;
      continue;
    }
    const parsed = parseKind(upper);
    if (!parsed) throw new FilterError(`unknown filter token '${token}'; accepted: ${ACCEPTED_TOKENS}`);
    if (value === undefined) throw new FilterError(`${upper} needs a value`);
    const { kind, negate } = parsed;
    let end = i + 2;
    if (kind === 'id') while (end < tokens.length && /^\d+$/.test(tokens[end]!)) end++;
    const clause = takeClause(kind, negate, upper, value, tokens.slice(i + 2, end));
    const same = clauses.findIndex((c) => c.kind === kind && isNegated(c) === negate);
    if (same >= 0 && clause.kind === 'id') {
      const prev = clauses[same] as typeof clause;
      clauses[same] = { ...prev, ids: [...new Set([...prev.ids, ...clause.ids])] };
    } else if (same >= 0) {
      throw new FilterError(`${upper} is given twice; give it once (only ID and NOT-ID take several values)`);
    } else {
      clauses.push(clause);
    }
    i = end;
  }
  return validateFilter(skipme === undefined ? { clauses } : { clauses, skipme });
};
