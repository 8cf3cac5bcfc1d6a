// Property test: the daemon's RESP2 reader gives back any generated reply (strings with CR/LF and non-ASCII, integers, nil, errors, nested arrays) from its encoding, reads a run of replies one after another, says "incomplete" for every cut short of a reply's end, and refuses bytes that are not RESP2 (integers and lengths are plain decimal after an optional minus sign).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INCOMPLETE, RespErrorReply, RespReader, type RespReply } from '../../src/target/resp.js';

/** A reply as the generator builds it: errors as { error } so equality is plain. */
type Plain = string | number | null | { error: string } | { simple: string } | Plain[];

const line = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ':', '-', '$', '*') });
const plain: fc.Arbitrary<Plain> = fc.letrec<{ reply: Plain }>((tie) => ({
  reply: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ unit: fc.constantFrom('a', '\r', '\n', 'é', '0', ' ', '$') }),
    fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
    fc.constant(null),
    line.map((error) => ({ error })),
    line.map((simple) => ({ simple })),
    fc.array(tie('reply'), { maxLength: 4 }),
  ),
})).reply;

const encode = (r: Plain): string => {
  if (r === null) return '$-1\r\n';
  if (typeof r === 'number') return `:${r}\r\n`;
  if (typeof r === 'string') return `$${Buffer.byteLength(r)}\r\n${r}\r\n`;
  if (Array.isArray(r)) return `*${r.length}\r\n${r.map(encode).join('')}`;
  return 'error' in r ? `-${r.error}\r\n` : `+${r.simple}\r\n`;
};

/** What the reader should give for a generated reply. */
const expected = (r: Plain): unknown => {
  if (r === null || typeof r !== 'object') return r;
  if (Array.isArray(r)) return r.map(expected);
  return 'error' in r ? { error: r.error } : r.simple;
};

const seen = (r: RespReply): unknown => {
  if (r instanceof RespErrorReply) return { error: r.message };
  return Array.isArray(r) ? r.map(seen) : r;
};

describe('RespReader', () => {
  it('gives back every reply of a run, in order, each ending where the next starts', () => {
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 5 }), (replies) => {
        const buf = Buffer.from(replies.map(encode).join(''));
        const got: unknown[] = [];
        const reader = new RespReader();
        let at = 0;
        while (at < buf.length) {
          const r = reader.read(buf, at);
          expect(r).not.toBe(INCOMPLETE);
          got.push(seen(r as RespReply));
          at = reader.end;
        }
        expect(got).toEqual(replies.map(expected));
      }),
    );
  });

  it('says incomplete for every prefix short of the whole reply', () => {
    fc.assert(
      fc.property(plain, fc.nat(), (reply, cut) => {
        const buf = Buffer.from(encode(reply));
        expect(new RespReader().read(buf.subarray(0, cut % buf.length), 0)).toBe(INCOMPLETE);
      }),
    );
  });

  it.each([
    ['an unknown type byte', '!3\r\nabc\r\n'],
    ['a length that is not a number', '$x\r\nabc\r\n'],
    ['an empty array length', '*\r\n'],
    ['a lone minus sign', ':-\r\n'],
    ['a fraction', ':1.5\r\n'],
    ['a plus sign', ':+3\r\n'],
    ['a space', ': 3\r\n'],
    ['hexadecimal', ':0x10\r\n'],
    ['an exponent', ':1e3\r\n'],
    ['an integer past 2^53', '*9007199254740993\r\n'],
  ])('refuses %s', (_, text) => {
    expect(() => new RespReader().read(Buffer.from(text), 0)).toThrow(/not a RESP2 reply/);
  });

  it('reads a ROLE reply as the server sends it', () => {
    const master = '*3\r\n$6\r\nmaster\r\n:3129\r\n*1\r\n*3\r\n$9\r\n127.0.0.1\r\n$4\r\n9001\r\n$4\r\n3129\r\n';
    const reader = new RespReader();
    expect(reader.read(Buffer.from(master), 0)).toEqual(['master', 3129, [['127.0.0.1', '9001', '3129']]]);
    expect(reader.end).toBe(master.length);
  });
});
