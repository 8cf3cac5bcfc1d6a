import { clientId } from './client-id.js';
import { bytesMask } from './client-flags.js';
import { AGE as AGE_AT, DB as DB_AT, FLAG_MASK, ID_NUMBER, IDLE as IDLE_AT, ListedClient, NUMBER_COUNT, SLOT_COUNT, SUBSCRIPTIONS, textOf, type ClientRecord, type ListRows } from './client-record.js';

export { clientFields, clientType, flagMask, type ClientRecord } from './client-record.js';

/** A parsed CLIENT LIST reply. */
export interface ClientList {
  readonly clients: ClientRecord[];
  /**
   * Lines left out because they can be read two ways: a value that may hold spaces (a unix
   * socket path in addr/laddr, a Dragonfly name) holds text that reads as a field the server
   * also sends, so which one is the server's cannot be told. Acting on such a line could kill
   * the wrong client or miss a replication link, so it is not acted on.
   */
  readonly ambiguous: number;
}

// The CLIENT LIST keys a record is read from. fd and tid only mark where a value with spaces ends.
const ID = 0, ADDR = 1, LADDR = 2, FD = 3, NAME = 4, AGE = 5, IDLE = 6, FLAGS = 7, DB = 8, SUB = 9, PSUB = 10, SSUB = 11;
const USER = 12, LIB_NAME = 13, LIB_VER = 14, CAPA = 15, CMD = 16, TID = 17;
const KEYS: readonly (readonly [string, number])[] = [
  ['id', ID], ['addr', ADDR], ['laddr', LADDR], ['fd', FD], ['name', NAME], ['age', AGE], ['idle', IDLE], ['flags', FLAGS],
  ['db', DB], ['sub', SUB], ['psub', PSUB], ['ssub', SSUB], ['user', USER], ['lib-name', LIB_NAME], ['lib-ver', LIB_VER],
  ['capa', CAPA], ['cmd', CMD], ['tid', TID],
];
/** The field each record slot (client-record.ts SLOTS) is read from. */
const SLOT_FIELDS: readonly number[] = [ADDR, LADDR, NAME, FLAGS, USER, LIB_NAME, LIB_VER, CAPA, CMD];
/** Keys by a hash of their bytes (h = h * 31 + byte, low 7 bits): field + 1 at each key's slot, 0 elsewhere. */
const HASH_MASK = 127;
const KEY_AT_HASH: Int8Array = (() => {
  const table = new Int8Array(HASH_MASK + 1);
  for (const [key, field] of KEYS) {
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
    if (table[h & HASH_MASK] !== 0) throw new Error(`client-list: keys ${key} and ${KEYS[table[h & HASH_MASK]! - 1]![0]} share a hash slot`);
    table[h & HASH_MASK] = field + 1;
  }
  return table;
})();
const KEY_CODES: readonly (readonly number[])[] = KEYS.map(([k]) => [...k].map((ch) => ch.charCodeAt(0)));

/**
 * Values that may hold spaces, and the keys that may end them. Redis, Valkey, KeyDB and Dragonfly
 * all write `id addr [laddr] fd name` first and `age` (Dragonfly: `tid`) right after the name,
 * so `addr=/tmp/a b=c.sock:0` keeps its path whole. A value that holds one of its own end keys
 * is cut early, and the server's real field then repeats: such a line is ambiguous.
 */
const ENDS: Int32Array = (() => {
  const ends = new Int32Array(KEYS.length);
  ends[ADDR] = (1 << LADDR) | (1 << FD);
  ends[LADDR] = 1 << FD;
  ends[NAME] = (1 << AGE) | (1 << TID);
  return ends;
})();

/** The field of the key bytes[from, to) whose hash is h, -1 for keys a record does not need. */
const fieldOf = (bytes: Buffer, from: number, to: number, h: number): number => {
  const field = KEY_AT_HASH[h & HASH_MASK]! - 1;
  if (field < 0) return -1;
  const key = KEY_CODES[field]!;
  if (key.length !== to - from) return -1;
  for (let i = 0; i < key.length; i++) if (bytes[from + i] !== key[i]) return -1;
  return field;
};

/** Where one line's fields are: value offsets by field, and which fields were seen. */
class LineFields {
  readonly from = new Int32Array(KEYS.length);
  readonly to = new Int32Array(KEYS.length);
  seen = 0;
  repeated = false;
}

/**
 * Read the key=value fields of the line bytes[start, end), by key, never by position, in one pass.
 * A piece without a key continues the previous value; inside a value that may hold spaces (ENDS),
 * keyed pieces belong to the value until one of its end keys. When no end key follows (a line
 * from a server writing another order), the value ends at its first keyed piece after all.
 */
const readLine = (bytes: Buffer, start: number, end: number, f: LineFields): void => {
  const from = f.from, to = f.to;
  let seen = 0;
  f.repeated = false;
  let current = -1; // the field a piece without a key continues; -1: none, or a field we skip
  let ends = 0; // while inside a value that may hold spaces: the keys that end it
  let firstKeyed = -1; // the first keyed piece taken into that value
  for (let pos = start; ; ) {
    // A key: a lower-case letter, then lower-case letters, digits or dashes, then `=`.
    let p = pos;
    let h = 0;
    let c = p < end ? bytes[p]! : 32;
    if (c >= 97 && c <= 122) {
      do {
        h = (Math.imul(h, 31) + c) | 0;
        c = ++p < end ? bytes[p]! : 32;
      } while ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45);
    }
    let stop = p;
    if (c === 61 && p > pos) {
      stop++;
      while (stop < end && bytes[stop] !== 32) stop++;
      const field = fieldOf(bytes, pos, p, h);
      if (ends !== 0 && (field < 0 || (ends & (1 << field)) === 0)) {
        if (firstKeyed < 0) firstKeyed = pos;
        to[current] = stop;
      } else {
        ends = 0;
        firstKeyed = -1;
        current = field;
        if (field >= 0) {
          const bit = 1 << field;
          if ((seen & bit) !== 0) f.repeated = true;
          seen |= bit;
          from[field] = p + 1;
          to[field] = stop;
          ends = ENDS[field]!;
        }
      }
    } else {
      while (stop < end && bytes[stop] !== 32) stop++;
      if (current >= 0) to[current] = stop;
    }
    pos = stop + 1;
    if (pos > end) {
      if (firstKeyed < 0) {
        f.seen = seen;
        return;
      }
      to[current] = firstKeyed - 1;
      pos = firstKeyed;
      ends = 0;
      firstKeyed = -1;
    }
  }
};

const has = (f: LineFields, field: number): boolean => (f.seen & (1 << field)) !== 0;

/** A whole number written in place, as Number() reads it; 0 for a missing or non-finite value. */
const numberAt = (bytes: Buffer, f: LineFields, field: number): number => {
  if (!has(f, field)) return 0;
  const from = f.from[field]!, to = f.to[field]!;
  let i = from;
  const negative = bytes[i] === 45;
  if (negative) i++;
  if (to - i <= 15 && (i < to || !negative)) {
    let n = 0;
    for (; i < to; i++) {
      const d = bytes[i]! - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (i === to) return negative ? -n : n;
  }
  const n = Number(textOf(bytes, from, to));
  return Number.isFinite(n) ? n : 0;
};

/**
 * The id: a number when it has at most 15 digits and no leading zero (canonical and below 2^53),
 * else its canonical text; undefined when it is not a whole number in 1..2^64-1.
 */
const idAt = (bytes: Buffer, f: LineFields): number | string | undefined => {
  if (!has(f, ID)) return undefined;
  const from = f.from[ID]!, to = f.to[ID]!;
  if (to - from > 15 || to === from || bytes[from] === 48) return clientId(textOf(bytes, from, to));
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
};

/** Room for `rows` rows. */
const reserve = (l: ListRows, rows: number): void => {
  if (rows * NUMBER_COUNT <= l.numbers.length) return;
  const offsets = new Int32Array(rows * 2 * SLOT_COUNT * 2);
  offsets.set(l.offsets);
  l.offsets = offsets;
  const numbers = new Float64Array(rows * 2 * NUMBER_COUNT);
  numbers.set(l.numbers);
  l.numbers = numbers;
};

const record = (l: ListRows, id: number | string, f: LineFields): ListedClient => {
  const row = l.rows++;
  reserve(l, row + 1);
  const offsets = l.offsets;
  const at = row * SLOT_COUNT * 2;
  for (let i = 0; i < SLOT_FIELDS.length; i++) {
    const field = SLOT_FIELDS[i]!;
    const seen = has(f, field);
    offsets[at + i * 2] = seen ? f.from[field]! : -1;
    offsets[at + i * 2 + 1] = seen ? f.to[field]! : -1;
  }
  const bytes = l.bytes;
  const n = row * NUMBER_COUNT;
  l.numbers[n + AGE_AT] = numberAt(bytes, f, AGE);
  l.numbers[n + IDLE_AT] = numberAt(bytes, f, IDLE);
  l.numbers[n + DB_AT] = numberAt(bytes, f, DB);
  l.numbers[n + SUBSCRIPTIONS] = numberAt(bytes, f, SUB) + numberAt(bytes, f, PSUB) + numberAt(bytes, f, SSUB);
  l.numbers[n + FLAG_MASK] = has(f, FLAGS) ? bytesMask(bytes, f.from[FLAGS]!, f.to[FLAGS]!) : 0;
  if (typeof id === 'number') l.numbers[n + ID_NUMBER] = id;
  else l.bigIds.set(row, id);
  return new ListedClient(l, row);
};

/** Empty rows for a reply, with room for `rows` rows. */
const emptyRows = (bytes: Buffer, rows: number): ListRows => ({
  bytes, offsets: new Int32Array(rows * SLOT_COUNT * 2), numbers: new Float64Array(rows * NUMBER_COUNT), rows: 0, bigIds: new Map(),
});

/**
 * Kept for the process's life: the line fields every parse reuses (a parse runs start to end
 * without yielding), and one record. V8 keeps a class's instance shape only while some object
 * has it, and the parser's optimized code depends on both shapes: with neither alive, a full
 * collection after a list is dropped throws that code away, and the next parse runs uncompiled
 * until V8 compiles it again (docs/benchmarks.md, "Parsing").
 */
const KEPT = { line: new LineFields(), record: new ListedClient(emptyRows(Buffer.alloc(0), 0), 0) } as const;

/** Parse a CLIENT LIST reply (Redis, Valkey, KeyDB or Dragonfly), saying how many lines were ambiguous. */
export const readClientList = (reply: Buffer | string): ClientList => {
  const bytes = typeof reply === 'string' ? Buffer.from(reply, 'utf8') : reply;
  // Room for lines of 256 bytes (a Redis 7 line is about 300); grown when lines are shorter.
  const l = emptyRows(bytes, Math.ceil(bytes.length / 256) + 16);
  const f = KEPT.line;
  const clients: ClientRecord[] = [];
  let ambiguous = 0;
  for (let start = 0; start < bytes.length; ) {
    let lineEnd = bytes.indexOf(10, start);
    if (lineEnd < 0) lineEnd = bytes.length;
    const end = lineEnd > start && bytes[lineEnd - 1] === 13 ? lineEnd - 1 : lineEnd;
    if (end > start) {
      readLine(bytes, start, end, f);
      const id = idAt(bytes, f);
      if (id !== undefined && has(f, ADDR)) {
        if (f.repeated) ambiguous++;
        else clients.push(record(l, id, f));
      }
    }
    start = lineEnd + 1;
  }
  return { clients, ambiguous };
};

/** Parse a CLIENT LIST reply (Redis, Valkey, KeyDB or Dragonfly). Lines that are not clients, or are ambiguous, are skipped. */
export const parseClientList = (reply: Buffer | string): ClientRecord[] => readClientList(reply).clients;
