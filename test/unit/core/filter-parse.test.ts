// Unit tests of the filter parser and printer: every token, every refusal, case, repeats, contradictions, the old ip:port form.
import { describe, expect, it } from 'vitest';
import { FilterError } from '../../../src/errors.js';
import { parseFilter, tokenize } from '../../../src/kill/filter/parse.js';
import { printFilter } from '../../../src/kill/filter/print.js';
import type { Filter } from '../../../src/kill/filter/types.js';
import { validateFilter } from '../../../src/kill/filter/validate.js';

const refused = (input: string | string[]): FilterError => {
  try {
    parseFilter(input);
  } catch (e) {
    expect(e).toBeInstanceOf(FilterError);
    return e as FilterError;
  }
  throw new Error(`'${String(input)}' parsed, but should have been refused`);
};

describe('parseFilter: each token', () => {
  it.each<[string, Filter]>([
    ['ID 7', { clauses: [{ kind: 'id', ids: ['7'], negate: false }] }],
    ['ID 7 8 9', { clauses: [{ kind: 'id', ids: ['7', '8', '9'], negate: false }] }],
    ['NOT-ID 3', { clauses: [{ kind: 'id', ids: ['3'], negate: true }] }],
    ['TYPE normal', { clauses: [{ kind: 'type', value: 'normal', negate: false }] }],
    ['TYPE pubsub', { clauses: [{ kind: 'type', value: 'pubsub', negate: false }] }],
    ['TYPE master', { clauses: [{ kind: 'type', value: 'master', negate: false }] }],
    ['TYPE primary', { clauses: [{ kind: 'type', value: 'master', negate: false }] }],
    ['TYPE replica', { clauses: [{ kind: 'type', value: 'replica', negate: false }] }],
    ['TYPE slave', { clauses: [{ kind: 'type', value: 'replica', negate: false }] }],
    ['NOT-TYPE pubsub', { clauses: [{ kind: 'type', value: 'pubsub', negate: true }] }],
    ['USER app', { clauses: [{ kind: 'user', value: 'app', negate: false }] }],
    ['NOT-USER app', { clauses: [{ kind: 'user', value: 'app', negate: true }] }],
    ['ADDR 10.0.0.1:5000', { clauses: [{ kind: 'addr', value: '10.0.0.1:5000', negate: false }] }],
    ['NOT-ADDR [::1]:5000', { clauses: [{ kind: 'addr', value: '[::1]:5000', negate: true }] }],
    ['LADDR 127.0.0.1:6379', { clauses: [{ kind: 'laddr', value: '127.0.0.1:6379', negate: false }] }],
    ['NOT-LADDR /run/redis.sock:0', { clauses: [{ kind: 'laddr', value: '/run/redis.sock:0', negate: true }] }],
    ['MAXAGE 60', { clauses: [{ kind: 'maxage', seconds: 60 }] }],
    ['IDLE 300', { clauses: [{ kind: 'idle', seconds: 300 }] }],
    ['NAME worker-1', { clauses: [{ kind: 'name', value: 'worker-1', negate: false }] }],
    ['NOT-NAME worker-1', { clauses: [{ kind: 'name', value: 'worker-1', negate: true }] }],
    ['FLAGS P', { clauses: [{ kind: 'flags', letters: 'P', negate: false }] }],
    ['FLAGS xbb', { clauses: [{ kind: 'flags', letters: 'xb', negate: false }] }],
    ['NOT-FLAGS N', { clauses: [{ kind: 'flags', letters: 'N', negate: true }] }],
    ['LIB-NAME ioredis', { clauses: [{ kind: 'lib-name', value: 'ioredis', negate: false }] }],
    ['NOT-LIB-NAME ioredis', { clauses: [{ kind: 'lib-name', value: 'ioredis', negate: true }] }],
    ['LIB-VER 5.4.1', { clauses: [{ kind: 'lib-ver', value: '5.4.1', negate: false }] }],
    ['NOT-LIB-VER 5.4.1', { clauses: [{ kind: 'lib-ver', value: '5.4.1', negate: true }] }],
    ['DB 0', { clauses: [{ kind: 'db', value: 0, negate: false }] }],
    ['NOT-DB 3', { clauses: [{ kind: 'db', value: 3, negate: true }] }],
    ['IP 10.1.2.3', { clauses: [{ kind: 'ip', value: '10.1.2.3', negate: false }] }],
    ['NOT-IP ::1', { clauses: [{ kind: 'ip', value: '::1', negate: true }] }],
    ['CAPA r', { clauses: [{ kind: 'capa', value: 'r', negate: false }] }],
    ['NOT-CAPA r', { clauses: [{ kind: 'capa', value: 'r', negate: true }] }],
    ['SKIPME yes', { clauses: [], skipme: true }],
    ['SKIPME no', { clauses: [], skipme: false }],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toStrictEqual(expected);
  });

  it('ANDs several clauses in the order given and keeps SKIPME apart', () => {
    expect(parseFilter('TYPE normal USER app IDLE 60 SKIPME no')).toStrictEqual({
      clauses: [
        { kind: 'type', value: 'normal', negate: false },
        { kind: 'user', value: 'app', negate: false },
        { kind: 'idle', seconds: 60 },
      ],
      skipme: false,
    });
  });

  it('leaves SKIPME undefined when not written (the default, yes, is applied later)', () => {
    expect(parseFilter('USER app')).not.toHaveProperty('skipme');
  });

  it('reads tokens from an argv array, splitting each argument on whitespace', () => {
    expect(parseFilter(['TYPE', 'normal USER', 'app'])).toStrictEqual(parseFilter('TYPE normal USER app'));
  });

  it('keeps 64-bit ids exact and canonical (above 2^53, leading zeros dropped)', () => {
    expect(parseFilter('ID 18446744073709551615 9007199254740993 007')).toEqual({
      clauses: [{ kind: 'id', ids: ['18446744073709551615', '9007199254740993', '7'], negate: false }],
    });
  });

  it('tokenizes on any run of whitespace', () => {
    expect(tokenize('  TYPE\tnormal \n USER  app ')).toEqual(['TYPE', 'normal', 'USER', 'app']);
  });
});

describe('parseFilter: case', () => {
  it('reads keywords, TYPE values and SKIPME values in any case', () => {
    expect(parseFilter('type NORMAL not-user app Skipme YES maxage 5')).toStrictEqual({
      clauses: [
        { kind: 'type', value: 'normal', negate: false },
        { kind: 'user', value: 'app', negate: true },
        { kind: 'maxage', seconds: 5 },
      ],
      skipme: true,
    });
    expect(parseFilter('Lib-Name x Not-Db 2 id 4')).toStrictEqual({
      clauses: [
        { kind: 'lib-name', value: 'x', negate: false },
        { kind: 'db', value: 2, negate: true },
        { kind: 'id', ids: ['4'], negate: false },
      ],
    });
  });

  it('keeps the case of string values and flag letters (they compare exactly)', () => {
    expect(parseFilter('NAME Worker USER App FLAGS Bb')).toStrictEqual({
      clauses: [
        { kind: 'name', value: 'Worker', negate: false },
        { kind: 'user', value: 'App', negate: false },
        { kind: 'flags', letters: 'Bb', negate: false },
      ],
    });
  });
});

describe('parseFilter: repeated tokens', () => {
  it('adds repeated ID tokens to one set of ids, each id once', () => {
    expect(parseFilter('ID 4 5 USER app ID 5 6')).toStrictEqual({
      clauses: [
        { kind: 'id', ids: ['4', '5', '6'], negate: false },
        { kind: 'user', value: 'app', negate: false },
      ],
    });
    expect(parseFilter('ID 9 9')).toStrictEqual({ clauses: [{ kind: 'id', ids: ['9'], negate: false }] });
    expect(parseFilter('NOT-ID 1 NOT-ID 2')).toStrictEqual({ clauses: [{ kind: 'id', ids: ['1', '2'], negate: true }] });
  });

  it.each([
    'TYPE normal TYPE pubsub',
    'USER a USER b',
    'USER a user a',
    'MAXAGE 5 MAXAGE 6',
    'IDLE 5 IDLE 5',
    'NAME a NAME b',
    'FLAGS P FLAGS x',
    'DB 1 DB 2',
    'IP 1.2.3.4 IP 1.2.3.5',
    'NOT-USER a NOT-USER b',
    'SKIPME yes SKIPME no',
    'SKIPME yes skipme yes',
  ])('refuses %s rather than letting one value silently win', (text) => {
    expect(refused(text).message).toMatch(/given twice/);
  });

  it('accepts a token together with its NOT- form when they do not contradict', () => {
    expect(parseFilter('USER a NOT-USER b').clauses).toHaveLength(2);
    expect(parseFilter('ID 1 2 NOT-ID 2').clauses).toHaveLength(2);
    expect(parseFilter('FLAGS P NOT-FLAGS x').clauses).toHaveLength(2);
    expect(parseFilter('FLAGS P NOT-FLAGS Px').clauses).toHaveLength(2);
  });
});

describe('parseFilter: contradictions', () => {
  it.each([
    'TYPE normal NOT-TYPE normal',
    'TYPE slave NOT-TYPE replica',
    'TYPE primary NOT-TYPE master',
    'USER app NOT-USER app',
    'ADDR 1.2.3.4:5 NOT-ADDR 1.2.3.4:5',
    'NAME x NOT-NAME x',
    'DB 3 NOT-DB 3',
    'IP ::1 NOT-IP ::1',
    'ID 4 NOT-ID 4',
    'ID 4 5 NOT-ID 5 4 6',
    'FLAGS P NOT-FLAGS P',
    'FLAGS Px NOT-FLAGS xP',
    'FLAGS Px NOT-FLAGS x',
    'LIB-NAME a NOT-LIB-NAME a',
    'NOT-CAPA r CAPA r',
  ])('refuses %s: it can match nothing', (text) => {
    expect(refused(text).message).toMatch(/contradict/);
  });
});

describe('parseFilter: the old form ip:port', () => {
  it.each(['10.0.0.1:6000', 'localhost:6000', '[::1]:6000', '[fe80::1:2]:1', '/run/redis/redis.sock:0'])('%s alone is ADDR, marked legacy', (addr) => {
    expect(parseFilter(addr)).toStrictEqual({ clauses: [{ kind: 'addr', value: addr, negate: false }], legacyAddr: true });
    expect(parseFilter([addr])).toStrictEqual(parseFilter(addr));
  });

  it('does not apply when other tokens follow', () => {
    expect(refused('10.0.0.1:6000 SKIPME no').message).toMatch(/unknown filter token '10\.0\.0\.1:6000'/);
  });

  it('prints back as the bare address', () => {
    expect(printFilter(parseFilter('10.0.0.1:6000'))).toBe('10.0.0.1:6000');
  });
});

describe('parseFilter: refusals', () => {
  it.each<[string, RegExp]>([
    ['', /empty filter/],
    ['   ', /empty filter/],
    ['KILL', /unknown filter token 'KILL'; accepted: ID TYPE USER/],
    ['TYPE normal BOGUS 1', /unknown filter token 'BOGUS'/],
    ['NOT-MAXAGE 5', /unknown filter token 'NOT-MAXAGE'/],
    ['NOT-IDLE 5', /unknown filter token 'NOT-IDLE'/],
    ['NOT-SKIPME yes', /unknown filter token 'NOT-SKIPME'/],
    ['NOT- x', /unknown filter token 'NOT-'/],
    ['ID', /ID needs a value/],
    ['TYPE', /TYPE needs a value/],
    ['USER', /USER needs a value/],
    ['TYPE normal USER', /USER needs a value/],
    ['MAXAGE', /MAXAGE needs a value/],
    ['NOT-NAME', /NOT-NAME needs a value/],
    ['SKIPME', /SKIPME needs a value/],
    ['ID x', /ID needs client ids from 1 to 18446744073709551615, got 'x'/],
    ['ID 1.5', /ID needs client ids from 1 to 18446744073709551615, got '1\.5'/],
    ['ID 0', /ID needs client ids from 1 to 18446744073709551615, got '0'/],
    ['ID 5 0', /ID needs client ids from 1 to 18446744073709551615, got '0'/],
    ['ID -3', /ID needs client ids from 1 to 18446744073709551615, got '-3'/],
    ['ID 18446744073709551616', /ID needs client ids from 1 to 18446744073709551615/],
    ['NOT-ID 0', /NOT-ID needs client ids from 1 to 18446744073709551615/],
    ['MAXAGE 0', /MAXAGE needs a whole number of seconds > 0, got '0'/],
    ['MAXAGE -1', /MAXAGE needs a whole number, got '-1'/],
    ['MAXAGE 1m', /MAXAGE needs a whole number, got '1m'/],
    ['IDLE 0', /IDLE needs a whole number of seconds > 0, got '0'/],
    ['IDLE -5', /IDLE needs a whole number, got '-5'/],
    ['IDLE 2.5', /IDLE needs a whole number/],
    ['DB -1', /DB needs a whole number, got '-1'/],
    ['DB one', /DB needs a whole number/],
    ['TYPE bogus', /TYPE 'bogus' is not a client type; accepted: normal\|master\|primary\|slave\|replica\|pubsub/],
    ['NOT-TYPE monitor', /NOT-TYPE 'monitor' is not a client type/],
    ['SKIPME maybe', /SKIPME 'maybe' is not yes or no/],
    ['SKIPME 1', /SKIPME '1' is not yes or no/],
    ['FLAGS Z', /FLAGS 'Z' has unknown flag letters 'Z'/],
    ['FLAGS PqQ', /unknown flag letters 'qQ'/],
    ['NOT-FLAGS 1', /NOT-FLAGS '1' has unknown flag letters '1'/],
    ['FLAGS NP', /N means "no flags"/],
    ['CAPA x', /CAPA 'x' has unknown capability letters; accepted: r/],
    ['CAPA redirect', /unknown capability letters/],
  ])('%j', (text, message) => {
    expect(refused(text).message).toMatch(message);
  });

  it('says what is accepted and carries the BAD_FILTER code and exit code 64', () => {
    const e = refused('FROB 1');
    expect(e.code).toBe('BAD_FILTER');
    expect(e.exitCode).toBe(64);
    expect(e.message).toContain('or ip:port alone');
  });
});

describe('validateFilter (filters built in code)', () => {
  it.each<[string, Filter, RegExp]>([
    ['an empty ID list', { clauses: [{ kind: 'id', ids: [], negate: false }] }, /needs at least one client id/],
    ['ID 0', { clauses: [{ kind: 'id', ids: ['0'], negate: false }] }, /client ids from 1 to 18446744073709551615/],
    ['a negative id', { clauses: [{ kind: 'id', ids: ['4', '-1'], negate: false }] }, /client ids from 1 to 18446744073709551615/],
    ['a fractional id', { clauses: [{ kind: 'id', ids: ['1.5'], negate: false }] }, /client ids from 1 to 18446744073709551615/],
    ['MAXAGE 0', { clauses: [{ kind: 'maxage', seconds: 0 }] }, /seconds > 0/],
    ['IDLE NaN', { clauses: [{ kind: 'idle', seconds: Number.NaN }] }, /seconds > 0/],
    ['DB -1', { clauses: [{ kind: 'db', value: -1, negate: false }] }, /whole number >= 0/],
    ['an empty name', { clauses: [{ kind: 'name', value: '', negate: false }] }, /without spaces/],
    ['a user with a space', { clauses: [{ kind: 'user', value: 'a b', negate: false }] }, /without spaces/],
    ['a name with a newline', { clauses: [{ kind: 'name', value: 'a\nb', negate: false }] }, /control characters/],
    ['empty flags', { clauses: [{ kind: 'flags', letters: '', negate: false }] }, /unknown flag letters/],
    ['an unknown type', { clauses: [{ kind: 'type', value: 'monitor' as 'normal', negate: false }] }, /not a client type/],
    ['no clause and no SKIPME', { clauses: [] }, /empty filter/],
    ['a clause kind twice', { clauses: [{ kind: 'maxage', seconds: 1 }, { kind: 'maxage', seconds: 2 }] }, /given twice/],
    ['the old form with another clause', { clauses: [{ kind: 'addr', value: 'a:1', negate: false }, { kind: 'db', value: 1, negate: false }], legacyAddr: true }, /stands alone/],
  ])('refuses %s', (_what, filter, message) => {
    expect(() => validateFilter(filter)).toThrow(message);
  });

  it('returns a valid filter unchanged', () => {
    const f = parseFilter('ID 3 4 TYPE pubsub');
    expect(validateFilter(f)).toBe(f);
  });
});
