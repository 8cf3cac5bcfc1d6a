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

/**
 * Read one RESP2 reply from `buf` at `at`: the reply and where the next one starts, or undefined
 * while the reply is incomplete (read again with more bytes). Throws on bytes that are not RESP2.
 * Pure. For the daemon's ROLE polls, which need no more of the protocol than this.
 */
export const readReply = (buf: Buffer, at: number): { readonly reply: RespReply; readonly end: number } | undefined => {
  const cr = buf.indexOf(CR, at + 1);
  if (cr < 0 || cr + 1 >= buf.length) return undefined;
  const line = buf.toString('latin1', at + 1, cr);
  const next = cr + 2;
  switch (buf[at]) {
    case PLUS:
      return { reply: line, end: next };
    case MINUS:
      return { reply: new RespErrorReply(buf.toString('utf8', at + 1, cr)), end: next };
    case COLON:
      return { reply: count(line), end: next };
    case DOLLAR: {
      const n = count(line);
      if (n < 0) return { reply: null, end: next };
      if (buf.length < next + n + 2) return undefined;
      return { reply: buf.toString('utf8', next, next + n), end: next + n + 2 };
    }
    case STAR: {
      const n = count(line);
      if (n < 0) return { reply: null, end: next };
      const items: RespReply[] = [];
      let end = next;
      for (let i = 0; i < n; i++) {
        const item = readReply(buf, end);
        if (!item) return undefined;
        items.push(item.reply);
        end = item.end;
      }
      return { reply: items, end };
    }
    default:
      throw new Error(`not a RESP2 reply: type byte ${buf[at]}`);
  }
};

const count = (line: string): number => {
  const n = Number(line);
  if (line === '' || !Number.isSafeInteger(n)) throw new Error(`not a RESP2 reply: length or integer '${line}'`);
  return n;
};
