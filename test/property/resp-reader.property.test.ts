// Property test: the daemon's RESP2 reader gives back any generated reply (strings with CR/LF and non-ASCII, integers, nil, errors, nested arrays) from its encoding, reads a run of replies one after another, says "incomplete" for every cut short of a reply's end, and refuses bytes that are not RESP2.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readReply, RespErrorReply, type RespReply } from '../../src/target/resp.js';

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

describe('readReply', () => {
  it('gives back every reply of a run, in order, each ending where the next starts', () => {
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 5 }), (replies) => {
        const buf = Buffer.from(replies.map(encode).join(''));
        const got: unknown[] = [];
        let at = 0;
        while (at < buf.length) {
          const r = readReply(buf, at);
          expect(r).toBeDefined();
          got.push(seen(r!.reply));
          at = r!.end;
        }
        expect(got).toEqual(replies.map(expected));
      }),
    );
  });

  it('says incomplete for every prefix short of the whole reply', () => {
    fc.assert(
      fc.property(plain, fc.nat(), (reply, cut) => {
        const buf = Buffer.from(encode(reply));
        expect(readReply(buf.subarray(0, cut % buf.length), 0)).toBeUndefined();
      }),
    );
  });

  it.each([
    ['an unknown type byte', '!3\r\nabc\r\n'],
    ['a length that is not a number', '$x\r\nabc\r\n'],
    ['an empty array length', '*\r\n'],
  ])('refuses %s', (_, text) => {
    expect(() => readReply(Buffer.from(text), 0)).toThrow(/not a RESP2 reply/);
  });

  it('reads a ROLE reply as the server sends it', () => {
    const master = '*3\r\n$6\r\nmaster\r\n:3129\r\n*1\r\n*3\r\n$9\r\n127.0.0.1\r\n$4\r\n9001\r\n$4\r\n3129\r\n';
    expect(readReply(Buffer.from(master), 0)).toEqual({ reply: ['master', 3129, [['127.0.0.1', '9001', '3129']]], end: master.length });
  });
});
