/** An error reply (`-ERR ...`), worded as the server sent it; `name` as ioredis names its own. */
export class RespErrorReply extends Error {
  override readonly name = 'ReplyError';
}

/** A RESP2 reply: simple and bulk strings, integers, nil, arrays of those, or an error reply. */
export type RespReply = string | number | null | RespErrorReply | readonly RespReply[];

const CR = 13;
const PLUS = 43; // +
const MINUS = 45; // -
const COLON = 58; // :
const DOLLAR = 36; // $
const STAR = 42; // *

/** RespReader.read's answer while the reply is not all in the buffer yet: read again with more bytes. */
export const INCOMPLETE: unique symbol = Symbol('incomplete RESP2 reply');

/**
 * Reads RESP2 replies off a buffer, one after another: read() returns the reply at `at` and sets
 * `end` to where the next one starts, or returns INCOMPLETE. Throws on bytes that are not RESP2.
 * For the daemon's ROLE polls, which need no more of the protocol than this. Lengths and integers
 * are read from the bytes in place, and no object is made per element besides its value: at 200
 * polls a second the garbage is what costs.
 */
export class RespReader {
  end = 0;

  read(buf: Buffer, at: number): RespReply | typeof INCOMPLETE {
    const cr = buf.indexOf(CR, at + 1);
    if (cr < 0 || cr + 1 >= buf.length) return INCOMPLETE;
    const next = cr + 2;
    switch (buf[at]) {
      case PLUS:
        this.end = next;
        return buf.toString('latin1', at + 1, cr);
      case MINUS:
        this.end = next;
        return new RespErrorReply(buf.toString('utf8', at + 1, cr));
      case COLON:
        this.end = next;
        return integer(buf, at + 1, cr);
      case DOLLAR: {
        const n = integer(buf, at + 1, cr);
        if (n < 0) {
          this.end = next;
          return null;
        }
        if (buf.length < next + n + 2) return INCOMPLETE;
        this.end = next + n + 2;
        return buf.toString('utf8', next, next + n);
      }
      case STAR: {
        const n = integer(buf, at + 1, cr);
        if (n < 0) {
          this.end = next;
          return null;
        }
        const items: RespReply[] = [];
        let end = next;
        for (let i = 0; i < n; i++) {
          const item = this.read(buf, end);
          if (item === INCOMPLETE) return INCOMPLETE;
          items.push(item);
          end = this.end;
        }
        this.end = end;
        return items;
      }
      default:
        throw new Error(`not a RESP2 reply: type byte ${buf[at]}`);
    }
  }
}

const ZERO = 48;

/** The integer written in buf[from, to): decimal digits after an optional minus sign, nothing else. */
const integer = (buf: Buffer, from: number, to: number): number => {
  let i = buf[from] === MINUS ? from + 1 : from;
  let n = i < to ? 0 : NaN;
  for (; i < to; i++) {
    const digit = buf[i]! - ZERO;
    if (digit < 0 || digit > 9) n = NaN;
    n = n * 10 + digit;
  }
  if (!Number.isSafeInteger(n)) throw new Error(`not a RESP2 reply: length or integer '${buf.toString('latin1', from, to)}'`);
  return buf[from] === MINUS ? -n : n;
};
