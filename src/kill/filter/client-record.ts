import type { ClientId } from './client-id.js';
import { FLAG_M, FLAG_O, FLAG_P, FLAG_S, lettersMask } from './client-flags.js';
import type { ClientType } from './types.js';

/** One connection as CLIENT LIST describes it; fields the server did not send are undefined. */
export interface ClientRecord {
  /** Exact 64-bit id, as canonical decimal. */
  readonly id: ClientId;
  readonly addr: string;
  readonly laddr?: string;
  readonly name: string;
  /** Seconds since the connection was made. */
  readonly age: number;
  /** Seconds since the last command. */
  readonly idle: number;
  /** Flag letters, '' for none (the server's `N`, or Dragonfly leaving the field out). */
  readonly flags: string;
  readonly db: number;
  readonly subscriptions: number;
  readonly user?: string;
  readonly libName?: string;
  readonly libVer?: string;
  readonly capa?: string;
  readonly cmd?: string;
}

/** The string fields a listed client keeps as byte offsets until read, in slot order. */
export const SLOTS = ['addr', 'laddr', 'name', 'flags', 'user', 'libName', 'libVer', 'capa', 'cmd'] as const;
export const SLOT_COUNT = SLOTS.length;
/** The numbers a listed client keeps per row, in order. */
export const AGE = 0, IDLE = 1, DB = 2, SUBSCRIPTIONS = 3, FLAG_MASK = 4, ID_NUMBER = 5, NUMBER_COUNT = 6;

/**
 * What a parsed reply's clients are read from: the reply, and per row (one row per client) two
 * offsets per string slot (-1 when absent) and the numbers. Records hold only a row, so a list of
 * 50,000 clients is 50,000 small objects and a few arrays. An id below 2^53 is a number of its
 * row (ID_NUMBER) and becomes text when read; a larger one (0 there) is kept as text in `bigIds`.
 */
export interface ListRows {
  readonly bytes: Buffer;
  offsets: Int32Array;
  numbers: Float64Array;
  rows: number;
  readonly bigIds: Map<number, ClientId>;
}

/** The UTF-8 text of bytes[from, to). */
export const textOf = (bytes: Buffer, from: number, to: number): string => (from === to ? '' : bytes.toString('utf8', from, to));

const text = (rows: ListRows, row: number, slot: number): string | undefined => {
  const at = (row * SLOT_COUNT + slot) * 2;
  const from = rows.offsets[at]!;
  return from < 0 ? undefined : textOf(rows.bytes, from, rows.offsets[at + 1]!);
};

/**
 * A client read from a CLIENT LIST reply. The id, numbers and the flag mask are read while
 * parsing; a string is decoded from the reply when it is read (not kept: a record stays small),
 * so a filter over 50,000 clients decodes only the fields it reads. Every instance has the same shape.
 */
export class ListedClient implements ClientRecord {
  readonly #rows: ListRows;
  readonly #row: number;

  constructor(rows: ListRows, row: number) {
    this.#rows = rows;
    this.#row = row;
  }

  get id(): ClientId {
    const n = this.#rows.numbers[this.#row * NUMBER_COUNT + ID_NUMBER]!;
    return n > 0 ? String(n) : this.#rows.bigIds.get(this.#row)!;
  }
  get age(): number {
    return this.#rows.numbers[this.#row * NUMBER_COUNT + AGE]!;
  }
  get idle(): number {
    return this.#rows.numbers[this.#row * NUMBER_COUNT + IDLE]!;
  }
  get db(): number {
    return this.#rows.numbers[this.#row * NUMBER_COUNT + DB]!;
  }
  get subscriptions(): number {
    return this.#rows.numbers[this.#row * NUMBER_COUNT + SUBSCRIPTIONS]!;
  }
  /** Flag letters as bits (client-flags.ts). */
  get flagMask(): number {
    return this.#rows.numbers[this.#row * NUMBER_COUNT + FLAG_MASK]!;
  }
  get addr(): string {
    return text(this.#rows, this.#row, 0) ?? '';
  }
  get laddr(): string | undefined {
    return text(this.#rows, this.#row, 1);
  }
  get name(): string {
    return text(this.#rows, this.#row, 2) ?? '';
  }
  get flags(): string {
    const f = text(this.#rows, this.#row, 3) ?? '';
    return f === 'N' ? '' : f;
  }
  get user(): string | undefined {
    return text(this.#rows, this.#row, 4);
  }
  get libName(): string | undefined {
    return text(this.#rows, this.#row, 5);
  }
  get libVer(): string | undefined {
    return text(this.#rows, this.#row, 6);
  }
  get capa(): string | undefined {
    return text(this.#rows, this.#row, 7);
  }
  get cmd(): string | undefined {
    return text(this.#rows, this.#row, 8);
  }

  /** The plain record (for JSON output and comparisons). */
  toJSON(): ClientRecord {
    return clientFields(this);
  }
}

/** A record as a plain object: the fields the server sent, absent ones left out. */
export const clientFields = (c: ClientRecord): ClientRecord => {
  const out: { -readonly [K in keyof ClientRecord]: ClientRecord[K] } = {
    id: c.id, addr: c.addr, name: c.name, age: c.age, idle: c.idle, flags: c.flags, db: c.db, subscriptions: c.subscriptions,
  };
  for (const k of ['laddr', 'user', 'libName', 'libVer', 'capa', 'cmd'] as const) if (c[k] !== undefined) out[k] = c[k];
  return out;
};

/** The client's flag letters as bits, read while parsing for listed clients. */
export const flagMask = (c: ClientRecord): number => (c instanceof ListedClient ? c.flagMask : lettersMask(c.flags));

/** The type CLIENT KILL TYPE sees: M master link, S replica (O monitor counts as normal), any subscription pubsub. */
export const clientType = (c: ClientRecord): ClientType => {
  const m = flagMask(c);
  if (m & FLAG_M) return 'master';
  if (m & FLAG_S && !(m & FLAG_O)) return 'replica';
  if (m & FLAG_P || c.subscriptions > 0) return 'pubsub';
  return 'normal';
};
