import { clientId, type ClientId } from './client-id.js';
import type { ClientType } from './types.js';

/** One connection as CLIENT LIST describes it; fields the server did not send are absent. */
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

/** The CLIENT LIST fields a ClientRecord is made of, as read from one line. */
class Fields {
  id?: string;
  addr?: string;
  laddr?: string;
  name?: string;
  age?: string;
  idle?: string;
  flags?: string;
  db?: string;
  sub?: string;
  psub?: string;
  ssub?: string;
  user?: string;
  libName?: string;
  libVer?: string;
  capa?: string;
  cmd?: string;
}
type Field = keyof Fields;

/** CLIENT LIST keys a ClientRecord needs, by length, with the Fields property each is kept in. */
const KEYS_BY_LENGTH: readonly (readonly (readonly [string, Field])[])[] = (() => {
  const keys: [string, Field][] = [
    ['id', 'id'], ['db', 'db'], ['age', 'age'], ['sub', 'sub'], ['cmd', 'cmd'], ['addr', 'addr'], ['name', 'name'],
    ['idle', 'idle'], ['user', 'user'], ['psub', 'psub'], ['ssub', 'ssub'], ['capa', 'capa'], ['laddr', 'laddr'],
    ['flags', 'flags'], ['lib-ver', 'libVer'], ['lib-name', 'libName'],
  ];
  return Array.from({ length: 9 }, (_, n) => keys.filter(([k]) => k.length === n));
})();

/** Does text hold `key` at `from`? (charCodeAt on the reply itself: no substring per field.) */
const keyAt = (text: string, from: number, key: string): boolean => {
  for (let i = 0; i < key.length; i++) if (text.charCodeAt(from + i) !== key.charCodeAt(i)) return false;
  return true;
};

/** The Fields property for the key at text[from, to), undefined for keys a ClientRecord does not need. */
const fieldAt = (text: string, from: number, to: number): Field | undefined => {
  const candidates = KEYS_BY_LENGTH[to - from];
  if (candidates === undefined) return undefined;
  for (const [key, field] of candidates) if (keyAt(text, from, key)) return field;
  return undefined;
};

/** Is text[from, to) a key: a lower-case letter, then lower-case letters, digits or dashes? */
const isKey = (text: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (i > from && ((c >= 48 && c <= 57) || c === 45)))) return false;
  }
  return to > from;
};

/**
 * Read the key=value fields of the line text[start, end) by key, never by position, keeping the
 * ones a ClientRecord needs. A piece without a key continues the previous value: Dragonfly lets
 * a name hold spaces (a piece in a name repeating a key seen before the name is part of it too).
 */
const readFields = (text: string, start: number, end: number): Fields => {
  const f = new Fields();
  const beforeName: string[] = [];
  let lastField: Field | undefined;
  for (let pos = start; pos <= end; ) {
    let stop = text.indexOf(' ', pos);
    if (stop < 0 || stop > end) stop = end;
    let eq = pos;
    while (eq < stop && text.charCodeAt(eq) !== 61 /* = */) eq++;
    const keyed = eq > pos && eq < stop && isKey(text, pos, eq);
    if (keyed && !(lastField === 'name' && beforeName.includes(text.slice(pos, eq)))) {
      lastField = fieldAt(text, pos, eq);
      if (lastField !== undefined) f[lastField] = text.slice(eq + 1, stop);
      if (f.name === undefined) beforeName.push(text.slice(pos, eq));
    } else if (lastField !== undefined) {
      f[lastField] = `${f[lastField]} ${text.slice(pos, stop)}`;
    }
    pos = stop + 1;
  }
  return f;
};

const num = (v: string | undefined): number => {
  const n = v === undefined ? 0 : Number(v);
  return Number.isFinite(n) ? n : 0;
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const parseLine = (text: string, start: number, end: number): ClientRecord | undefined => {
  const f = readFields(text, start, end);
  const id = f.id === undefined ? undefined : clientId(f.id);
  if (id === undefined || f.addr === undefined) return undefined;
  const rec: Mutable<ClientRecord> = {
    id,
    addr: f.addr,
    name: f.name ?? '',
    age: num(f.age),
    idle: num(f.idle),
    flags: f.flags === undefined || f.flags === 'N' ? '' : f.flags,
    db: num(f.db),
    subscriptions: num(f.sub) + num(f.psub) + num(f.ssub),
  };
  for (const prop of ['laddr', 'user', 'libName', 'libVer', 'capa', 'cmd'] as const) {
    if (f[prop] !== undefined) rec[prop] = f[prop];
  }
  return rec;
};

/** Parse a CLIENT LIST reply (Redis, Valkey, KeyDB or Dragonfly). Lines that are not clients are skipped. */
export const parseClientList = (text: string): ClientRecord[] => {
  const out: ClientRecord[] = [];
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const next = end + 1;
    if (end > start && text.charCodeAt(end - 1) === 13 /* \r */) end--;
    const rec = end > start ? parseLine(text, start, end) : undefined;
    if (rec) out.push(rec);
    start = next;
  }
  return out;
};

/** The type CLIENT KILL TYPE sees: M master link, S replica (O monitor counts as normal), any subscription pubsub. */
export const clientType = (c: ClientRecord): ClientType => {
  if (c.flags.includes('M')) return 'master';
  if (c.flags.includes('S') && !c.flags.includes('O')) return 'replica';
  if (c.flags.includes('P') || c.subscriptions > 0) return 'pubsub';
  return 'normal';
};

