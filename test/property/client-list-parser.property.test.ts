// Property test: the one-pass CLIENT LIST parser and a plain string-splitting reference parser (below) give equal records and the same count of ambiguous lines on generated replies: random field orders and subsets, unknown fields, values with spaces and key-like text, IPv6, unix paths, CRLF, 64-bit ids.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientId } from '../../src/kill/filter/client-id.js';
import { clientFields, readClientList, type ClientRecord } from '../../src/kill/filter/client-list.js';

/** Keys a record is read from, and the record property of each string field. */
const KNOWN = ['id', 'addr', 'laddr', 'fd', 'name', 'age', 'idle', 'flags', 'db', 'sub', 'psub', 'ssub', 'user', 'lib-name', 'lib-ver', 'capa', 'cmd', 'tid'];
/** Values that may hold spaces, and the keys that end them. */
const ENDS: Record<string, string[]> = { addr: ['laddr', 'fd'], laddr: ['fd'], name: ['age', 'tid'] };

const keyOf = (piece: string): string | undefined => /^([a-z][a-z0-9-]*)=/.exec(piece)?.[1];

/** The reference: split on spaces, then read pieces with lookahead, as the parser's doc says. */
const referenceLine = (line: string): { fields: Map<string, string>; repeated: boolean } => {
  const pieces = line.split(' ');
  const fields = new Map<string, string>();
  let repeated = false;
  let current: string | undefined;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const key = keyOf(piece);
    if (key === undefined) {
      if (current !== undefined) fields.set(current, `${fields.get(current)} ${piece}`);
      continue;
    }
    current = KNOWN.includes(key) ? key : undefined;
    if (current === undefined) continue;
    if (fields.has(current)) repeated = true;
    let value = piece.slice(key.length + 1);
    const ends = ENDS[current];
    if (ends) {
      const j = pieces.findIndex((p, n) => n > i && ends.includes(keyOf(p) ?? ''));
      if (j > 0) {
        value = [value, ...pieces.slice(i + 1, j)].join(' ');
        i = j - 1;
      }
    }
    fields.set(current, value);
  }
  return { fields, repeated };
};

const num = (v: string | undefined): number => {
  const n = v === undefined ? 0 : Number(v);
  return Number.isFinite(n) ? n : 0;
};

const reference = (reply: string): { clients: ClientRecord[]; ambiguous: number } => {
  const clients: ClientRecord[] = [];
  let ambiguous = 0;
  for (let line of reply.split('\n')) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') continue;
    const { fields: f, repeated } = referenceLine(line);
    const id = f.has('id') ? clientId(f.get('id')!) : undefined;
    if (id === undefined || !f.has('addr')) continue;
    if (repeated) {
      ambiguous++;
      continue;
    }
    const rec: Record<string, unknown> = {
      id,
      addr: f.get('addr'),
      name: f.get('name') ?? '',
      age: num(f.get('age')),
      idle: num(f.get('idle')),
      flags: f.get('flags') === undefined || f.get('flags') === 'N' ? '' : f.get('flags'),
      db: num(f.get('db')),
      subscriptions: num(f.get('sub')) + num(f.get('psub')) + num(f.get('ssub')),
    };
    for (const [key, prop] of [['laddr', 'laddr'], ['user', 'user'], ['lib-name', 'libName'], ['lib-ver', 'libVer'], ['capa', 'capa'], ['cmd', 'cmd']]) {
      if (f.has(key!)) rec[prop!] = f.get(key!);
    }
    clients.push(rec as unknown as ClientRecord);
  }
  return { clients, ambiguous };
};

/** Text a value may hold: plain words, key-like pieces (known and unknown keys), spaces, non-ASCII. */
const fragment = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9./:_-]{0,8}$/),
  fc.constantFrom('b=c', 'user=x', 'flags=M', 'age=1', 'tid=0', 'fd=3', 'laddr=y', 'name=z', 'id=7', '=', 'x=', 'é', '9', '-1', ''),
);
const spaced = fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' '));
const number = fc.oneof(fc.nat(100_000).map(String), fc.constantFrom('-1', '', '007', '1e3', 'x', '-', '1.5', '99999999999999999'));
const id = fc.oneof(
  fc.integer({ min: 1, max: 10_000 }).map(String),
  fc.constantFrom('0', '18446744073709551615', '18446744073709551616', '9007199254740993', '0012', 'x', ''),
);
const addr = fc.oneof(
  fc.tuple(fc.ipV4(), fc.nat(65535)).map(([h, p]) => `${h}:${p}`),
  fc.tuple(fc.ipV6(), fc.nat(65535)).map(([h, p]) => `[${h}]:${p}`),
  spaced.map((p) => `/tmp/${p}.sock:0`),
);
const flags = fc.oneof(fc.constantFrom('N', 'P', 'S', 'M', 'O', 'OS', 'bt', 'Ua', 'Z'), fc.stringMatching(/^[A-Za-z]{0,3}$/));

const field: fc.Arbitrary<string> = fc.oneof(
  id.map((v) => `id=${v}`),
  addr.map((v) => `addr=${v}`),
  addr.map((v) => `laddr=${v}`),
  number.map((v) => `fd=${v}`),
  fc.oneof(fc.stringMatching(/^[!-~]{0,10}$/), spaced).map((v) => `name=${v}`),
  ...['age', 'idle', 'db', 'sub', 'psub', 'ssub', 'tid', 'qbuf', 'tot-mem'].map((k) => number.map((v) => `${k}=${v}`)),
  flags.map((v) => `flags=${v}`),
  ...['user', 'lib-name', 'lib-ver', 'capa', 'cmd', 'events', 'resp'].map((k) => fc.stringMatching(/^[!-~]{0,8}$/).map((v) => `${k}=${v}`)),
  fragment,
);

/** A server-like line (id addr laddr fd name first) or any fields in any order. */
const line = fc.oneof(
  fc.tuple(id, addr, addr, number, spaced, fc.constantFrom('age=3', 'tid=0'), fc.array(field, { maxLength: 8 })).map(
    ([i, a, l, fd, name, after, rest]) => [`id=${i}`, `addr=${a}`, `laddr=${l}`, `fd=${fd}`, `name=${name}`, after, ...rest].join(' '),
  ),
  fc.array(field, { maxLength: 12 }).map((fields) => fields.join(' ')),
);
const reply = fc.tuple(fc.array(line, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(
  ([lines, eol, trailing]) => lines.join(eol) + (trailing ? eol : ''),
);

describe('parseClientList against a reference parser', () => {
  it('gives equal records and the same ambiguous count on generated replies', () => {
    fc.assert(
      fc.property(reply, (text) => {
        const got = readClientList(Buffer.from(text));
        expect({ clients: got.clients.map(clientFields), ambiguous: got.ambiguous }).toEqual(reference(text));
        expect(readClientList(text).clients.map(clientFields)).toEqual(got.clients.map(clientFields));
      }),
      { numRuns: 2000 },
    );
  });
});
