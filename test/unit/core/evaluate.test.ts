// Unit tests of the local evaluator: each clause with Valkey 9 semantics (>= for MAXAGE/IDLE, IP prefix, FLAGS all letters, ids any), NOT- forms and SKIPME.
import { describe, expect, it } from 'vitest';
import { clientFields, parseClientList, type ClientRecord } from '../../../src/kill/filter/client-list.js';
import { clauseMatches, compileFilter, filterMatches } from '../../../src/kill/filter/evaluate.js';
import { fixture } from '../../helpers/fixtures.js';
import { parseFilter } from '../../../src/kill/filter/parse.js';

const client = (over: Partial<ClientRecord> = {}): ClientRecord => ({
  id: '10',
  addr: '10.1.2.3:50000',
  laddr: '10.1.2.1:6379',
  name: 'worker',
  age: 100,
  idle: 20,
  flags: '',
  db: 0,
  subscriptions: 0,
  user: 'app',
  ...over,
});

const matches = (filter: string, c: ClientRecord, selfId = '1'): boolean => filterMatches(parseFilter(filter), c, selfId);

describe('seconds: MAXAGE and IDLE are >=', () => {
  it.each<[string, Partial<ClientRecord>, boolean]>([
    ['MAXAGE 100', { age: 100 }, true],
    ['MAXAGE 100', { age: 101 }, true],
    ['MAXAGE 100', { age: 99 }, false],
    ['IDLE 20', { idle: 20 }, true],
    ['IDLE 20', { idle: 19 }, false],
    ['IDLE 1', { idle: 0 }, false],
  ])('%s with %j: %s', (f, over, expected) => {
    expect(matches(f, client(over))).toBe(expected);
  });
});

describe('IP: a prefix of addr ending at : or ]: (Valkey clientMatchesIpFilter)', () => {
  it.each<[string, string, boolean]>([
    ['10.1.2.3', '10.1.2.3:50000', true],
    ['10.1.2', '10.1.2.3:50000', false],
    ['10.1.2.30', '10.1.2.3:50000', false],
    ['10.1.2.3', '10.1.2.30:50000', false],
    ['::1', '[::1]:50000', true],
    ['::', '[::1]:50000', false],
    ['[::1]', '[::1]:50000', false],
    ['2001:db8::7', '[2001:db8::7]:1', true],
    ['/run/redis.sock', '/run/redis.sock:0', false],
  ])('IP %s against %s: %s', (ip, addr, expected) => {
    expect(matches(`IP ${ip}`, client({ addr }))).toBe(expected);
  });
});

describe('FLAGS: the client has every letter; N means no flags', () => {
  it.each<[string, string, boolean]>([
    ['P', 'P', true],
    ['P', 'Pt', true],
    ['Pt', 'P', false],
    ['tP', 'Pt', true],
    ['b', 'x', false],
    ['N', '', true],
    ['N', 'P', false],
    ['U', 'U', true],
  ])('FLAGS %s against flags %j: %s', (letters, flags, expected) => {
    expect(matches(`FLAGS ${letters}`, client({ flags }))).toBe(expected);
  });

  it('NOT-FLAGS refuses clients that have all of its letters', () => {
    expect(matches('NOT-FLAGS Pt', client({ flags: 'P' }))).toBe(true);
    expect(matches('NOT-FLAGS Pt', client({ flags: 'tP' }))).toBe(false);
    expect(matches('NOT-FLAGS N', client({ flags: '' }))).toBe(false);
  });
});

describe('exact strings and numbers', () => {
  it.each<[string, Partial<ClientRecord>, boolean]>([
    ['USER app', {}, true],
    ['USER App', {}, false],
    ['USER default', {}, false],
    ['USER app', { user: undefined }, false],
    ['ADDR 10.1.2.3:50000', {}, true],
    ['ADDR 10.1.2.3:5000', {}, false],
    ['LADDR 10.1.2.1:6379', {}, true],
    ['LADDR 10.1.2.1:6379', { laddr: undefined }, false],
    ['NAME worker', {}, true],
    ['NAME work', {}, false],
    ['NAME worker', { name: '' }, false],
    ['LIB-NAME ioredis', { libName: 'ioredis' }, true],
    ['LIB-NAME ioredis', {}, false],
    ['LIB-NAME ioredis', { libName: '' }, false],
    ['LIB-VER 5.4.1', { libVer: '5.4.1' }, true],
    ['LIB-VER 5.4', { libVer: '5.4.1' }, false],
    ['DB 0', {}, true],
    ['DB 3', { db: 3 }, true],
    ['DB 3', {}, false],
    ['CAPA r', { capa: 'r' }, true],
    ['CAPA r', { capa: '' }, false],
    ['CAPA r', {}, false],
  ])('%s with %j: %s', (f, over, expected) => {
    expect(matches(f, client(over))).toBe(expected);
  });
});

describe('ID and TYPE', () => {
  it('several ids mean any of them', () => {
    expect(matches('ID 9 10 11', client())).toBe(true);
    expect(matches('ID 9 11', client())).toBe(false);
    expect(matches('NOT-ID 9 11', client())).toBe(true);
    expect(matches('NOT-ID 9 10', client())).toBe(false);
  });

  it('TYPE uses the type CLIENT KILL sees: monitor is normal, a subscriber is pubsub', () => {
    expect(matches('TYPE normal', client({ flags: 'O' }))).toBe(true);
    expect(matches('TYPE pubsub', client({ flags: 'P', subscriptions: 1 }))).toBe(true);
    expect(matches('TYPE normal', client({ flags: 'P', subscriptions: 1 }))).toBe(false);
    expect(matches('TYPE master', client({ flags: 'M' }))).toBe(true);
    expect(matches('TYPE replica', client({ flags: 'S' }))).toBe(true);
    expect(matches('NOT-TYPE replica', client({ flags: 'S' }))).toBe(false);
  });
});

describe('combining', () => {
  it('ANDs every clause', () => {
    expect(matches('USER app DB 0 MAXAGE 50 NAME worker', client())).toBe(true);
    expect(matches('USER app DB 0 MAXAGE 500 NAME worker', client())).toBe(false);
  });

  it('a NOT- clause is the negation of its positive clause', () => {
    for (const f of ['USER app', 'NAME worker', 'DB 3', 'IP 10.1.2.3', 'FLAGS P', 'ADDR 10.1.2.3:50000', 'LIB-NAME x']) {
      const [pos] = parseFilter(f).clauses;
      const [neg] = parseFilter(`NOT-${f}`).clauses;
      for (const c of [client(), client({ db: 3, flags: 'P', libName: 'x' })]) {
        expect(clauseMatches(neg!, c), f).toBe(!clauseMatches(pos!, c));
      }
    }
  });

  it('SKIPME: the caller is left out unless SKIPME no, and the old form skips it too', () => {
    const me = client({ id: '42' });
    expect(matches('USER app', me, '42')).toBe(false);
    expect(matches('USER app SKIPME yes', me, '42')).toBe(false);
    expect(matches('USER app SKIPME no', me, '42')).toBe(true);
    expect(matches('10.1.2.3:50000', me, '42')).toBe(false);
    expect(matches('10.1.2.3:50000', me, '7')).toBe(true);
    expect(matches('SKIPME yes', me, '7')).toBe(true);
  });
});

describe('compiled filters', () => {
  it('a parsed record (flags as a bit mask, strings read from the reply) matches as its plain fields do', () => {
    const list = parseClientList(fixture('valkey-8.0.1.client-list.master.txt'));
    const filters = ['FLAGS P', 'FLAGS N', 'NOT-FLAGS N', 'FLAGS S', 'TYPE normal', 'TYPE pubsub', 'USER app', 'NAME api', 'IP 127.0.0.1', 'IP ::1', 'DB 3', 'LIB-NAME ioredis', 'ID 4 6 8', 'NOT-ID 4'];
    for (const f of filters) {
      const p = compileFilter(parseFilter(f));
      const got = list.filter((c) => p(c, '1')).map((c) => c.id);
      expect(got, f).toEqual(list.filter((c) => p(clientFields(c), '1')).map((c) => c.id));
    }
    expect(list.filter((c) => compileFilter(parseFilter('FLAGS P'))(c, '1'))).toHaveLength(1);
  });

  it('one compiled predicate serves many clients and callers', () => {
    const p = compileFilter(parseFilter('ID 10 11 USER app'));
    expect([p(client(), '1'), p(client({ id: '11' }), '1'), p(client({ id: '12' }), '1'), p(client(), '10')]).toEqual([true, true, false, false]);
  });
});
