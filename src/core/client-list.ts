import type { ClientType } from './filter/types.js';

/** One connection as CLIENT LIST describes it; fields the server did not send are absent. */
export interface ClientRecord {
  readonly id: number;
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

const KEY = /^[a-z][a-z0-9-]*$/;

/**
 * Split one CLIENT LIST line into key=value fields by key, never by position. A piece
 * without a key continues the previous value: Dragonfly lets a name hold spaces.
 */
const splitFields = (line: string): Map<string, string> => {
  const fields = new Map<string, string>();
  let last: string | undefined;
  for (const piece of line.split(' ')) {
    const eq = piece.indexOf('=');
    const key = eq > 0 ? piece.slice(0, eq) : '';
    if (eq > 0 && KEY.test(key) && !(last === 'name' && fields.has(key))) {
      fields.set(key, piece.slice(eq + 1));
      last = key;
    } else if (last !== undefined) {
      fields.set(last, `${fields.get(last)} ${piece}`);
    }
  }
  return fields;
};

const num = (v: string | undefined): number => {
  const n = v === undefined ? 0 : Number(v);
  return Number.isFinite(n) ? n : 0;
};

const parseLine = (line: string): ClientRecord | undefined => {
  const f = splitFields(line);
  const id = Number(f.get('id'));
  const addr = f.get('addr');
  if (!Number.isSafeInteger(id) || id < 1 || addr === undefined) return undefined;
  const rawFlags = f.get('flags') ?? '';
  const optional = {
    ...(f.has('laddr') && { laddr: f.get('laddr')! }),
    ...(f.has('user') && { user: f.get('user')! }),
    ...(f.has('lib-name') && { libName: f.get('lib-name')! }),
    ...(f.has('lib-ver') && { libVer: f.get('lib-ver')! }),
    ...(f.has('capa') && { capa: f.get('capa')! }),
    ...(f.has('cmd') && { cmd: f.get('cmd')! }),
  };
  return {
    id,
    addr,
    name: f.get('name') ?? '',
    age: num(f.get('age')),
    idle: num(f.get('idle')),
    flags: rawFlags === 'N' ? '' : rawFlags,
    db: num(f.get('db')),
    subscriptions: num(f.get('sub')) + num(f.get('psub')) + num(f.get('ssub')),
    ...optional,
  };
};

/** Parse a CLIENT LIST reply (Redis, Valkey, KeyDB or Dragonfly). Lines that are not clients are skipped. */
export const parseClientList = (text: string): ClientRecord[] => {
  const out: ClientRecord[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.length === 0) continue;
    const rec = parseLine(trimmed);
    if (rec) out.push(rec);
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

/** True for a replication link in either direction. */
export const isReplicationLink = (c: ClientRecord): boolean => {
  const t = clientType(c);
  return t === 'master' || t === 'replica';
};
