// Property tests: parseFilter(printFilter(f)) gives f back for arbitrary valid filters, in any keyword case and as argv.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../src/kill/filter/parse.js';
import { clauseTokens, filterTokens, printFilter } from '../../src/kill/filter/print.js';
import { CLIENT_TYPES, FLAG_LETTERS, STRING_KINDS, type Clause, type Filter } from '../../src/kill/filter/types.js';
import { validateFilter } from '../../src/kill/filter/validate.js';

/** Printable ASCII without spaces: what a token can hold. */
const word = fc.stringMatching(/^[!-~]{1,16}$/);
const ip = fc.oneof(fc.ipV4(), fc.ipV6());
const port = fc.integer({ min: 1, max: 65535 });
/** Plain objects, as the parser builds them (fast-check's default has a null prototype). */
const plain = { noNullPrototype: true } as const;

const stringClause = (kind: (typeof STRING_KINDS)[number]): fc.Arbitrary<Clause> => {
  const value =
    kind === 'capa'
      ? fc.constant('r')
      : kind === 'ip'
        ? ip
        : kind === 'addr' || kind === 'laddr'
          ? fc.oneof(fc.tuple(fc.ipV4(), port).map(([h, p]) => `${h}:${p}`), fc.tuple(fc.ipV6(), port).map(([h, p]) => `[${h}]:${p}`))
          : word;
  return fc.record({ kind: fc.constant(kind), value, negate: fc.boolean() }, plain);
};

const flagLetters = fc.oneof(
  fc.constant('N'),
  fc.uniqueArray(fc.constantFrom(...FLAG_LETTERS.replace('N', '')), { minLength: 1, maxLength: 5 }).map((l) => l.join('')),
);

const clause: fc.Arbitrary<Clause> = fc.oneof(
  fc.record({ kind: fc.constant('id' as const), ids: fc.uniqueArray(fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map(String), { minLength: 1, maxLength: 6 }), negate: fc.boolean() }, plain),
  fc.record({ kind: fc.constant('type' as const), value: fc.constantFrom(...CLIENT_TYPES), negate: fc.boolean() }, plain),
  fc.record({ kind: fc.constantFrom('maxage' as const, 'idle' as const), seconds: fc.integer({ min: 1, max: 2 ** 31 }) }, plain),
  fc.record({ kind: fc.constant('flags' as const), letters: flagLetters, negate: fc.boolean() }, plain),
  fc.record({ kind: fc.constant('db' as const), value: fc.integer({ min: 0, max: 10_000 }), negate: fc.boolean() }, plain),
  ...STRING_KINDS.map(stringClause),
);

const isValid = (f: Filter): boolean => {
  try {
    validateFilter(f);
    return true;
  } catch {
    return false;
  }
};

/** Any filter the validator accepts: clauses of distinct kinds (and signs), an optional SKIPME. */
const validFilter: fc.Arbitrary<Filter> = fc
  .tuple(
    fc.uniqueArray(clause, { maxLength: 8, selector: (c) => `${c.kind}/${'negate' in c && c.negate}` }),
    fc.option(fc.boolean(), { nil: undefined }),
  )
  .map(([clauses, skipme]): Filter => (skipme === undefined ? { clauses } : { clauses, skipme }))
  .filter(isValid);

const legacyFilter: fc.Arbitrary<Filter> = fc
  .oneof(fc.tuple(fc.ipV4(), port).map(([h, p]) => `${h}:${p}`), fc.tuple(fc.ipV6(), port).map(([h, p]) => `[${h}]:${p}`))
  .map((addr) => ({ clauses: [{ kind: 'addr', value: addr, negate: false }], legacyAddr: true }));

/** Print with each keyword (and TYPE/SKIPME value) in a random case. */
const printMixedCase = (f: Filter, flips: readonly boolean[]): string[] => {
  const flip = (t: string, i: number) => (flips[i % flips.length] ? t.toLowerCase() : t);
  const tokens = f.clauses.flatMap((c, i) => {
    const [keyword, ...values] = clauseTokens(c);
    return [flip(keyword!, i), ...(c.kind === 'type' ? values.map((v) => (flips[i % flips.length] ? v.toUpperCase() : v)) : values)];
  });
  if (f.skipme !== undefined) tokens.push(flip('SKIPME', 7), flip(f.skipme ? 'YES' : 'NO', 8));
  return tokens;
};

describe('parse(print(f)) round-trips', () => {
  it('for arbitrary valid filters, as a string', () => {
    fc.assert(
      fc.property(validFilter, (f) => {
        expect(parseFilter(printFilter(f))).toStrictEqual(f);
      }),
      { numRuns: 1000 },
    );
  });

  it('for arbitrary valid filters, as argv tokens, with keywords in any case', () => {
    fc.assert(
      fc.property(validFilter, fc.array(fc.boolean(), { minLength: 1, maxLength: 9 }), (f, flips) => {
        expect(parseFilter(filterTokens(f))).toStrictEqual(f);
        expect(parseFilter(printMixedCase(f, flips))).toStrictEqual(f);
      }),
      { numRuns: 500 },
    );
  });

  it('for the old form ip:port', () => {
    fc.assert(
      fc.property(legacyFilter, (f) => {
        expect(printFilter(f)).toBe((f.clauses[0] as { value: string }).value);
        expect(parseFilter(printFilter(f))).toStrictEqual(f);
      }),
      { numRuns: 300 },
    );
  });

  it('printing is stable: print(parse(print(f))) === print(f)', () => {
    fc.assert(
      fc.property(fc.oneof(validFilter, legacyFilter), (f) => {
        expect(printFilter(parseFilter(printFilter(f)))).toBe(printFilter(f));
      }),
      { numRuns: 500 },
    );
  });
});
