// Unit tests of compile(): native vs emulated per server, the exact CLIENT arguments, the safety rules, and killByIdCommands.
import { describe, expect, it } from 'vitest';
import { capabilitiesFromVersion, parseInfoServer, type Capabilities } from '../../../src/kill/plan/capabilities.js';
import { clientFields, parseClientList } from '../../../src/kill/filter/client-list.js';
import { allowedTypes, compile, killByIdCommands, planMatches, type CompileOptions } from '../../../src/kill/plan/compile.js';
import { parseFilter } from '../../../src/kill/filter/parse.js';
import type { Filter } from '../../../src/kill/filter/types.js';
import { FilterError } from '../../../src/errors.js';
import { capturedCaps, fixture } from '../../helpers/fixtures.js';

const SERVERS: Record<string, Capabilities> = {
  'redis-7.0': capturedCaps('redis-7.0.15'),
  'redis-7.4': capturedCaps('redis-7.4.1'),
  'valkey-8.0': capturedCaps('valkey-8.0.1'),
  'valkey-8.1': capturedCaps('valkey-8.1.1'),
  'valkey-9.0': capabilitiesFromVersion({ flavor: 'valkey', version: '9.0.0' }),
  'valkey-9.1': capturedCaps('valkey-9.1.2'),
  dragonfly: capabilitiesFromVersion(parseInfoServer(fixture('dragonfly.info-server.txt'))),
};
type Server = keyof typeof SERVERS;
const caps = (s: Server): Capabilities => SERVERS[s]!;
const plan = (filter: string, server: Server, opts: CompileOptions = {}) => compile(parseFilter(filter), caps(server), opts);
const kills = (filter: string, server: Server, opts: CompileOptions = {}) => plan(filter, server, opts).kills.map((k) => k.join(' '));

describe('native or emulated, per server', () => {
  const cases: [string, Server[]][] = [
    ['TYPE normal USER app', ['redis-7.0', 'redis-7.4', 'valkey-8.0', 'valkey-8.1', 'valkey-9.0', 'valkey-9.1']],
    ['TYPE pubsub ADDR 1.2.3.4:5 LADDR 127.0.0.1:6379', ['redis-7.0', 'redis-7.4', 'valkey-8.0', 'valkey-8.1', 'valkey-9.0', 'valkey-9.1']],
    ['TYPE normal MAXAGE 60', ['redis-7.4', 'valkey-8.0', 'valkey-8.1', 'valkey-9.0', 'valkey-9.1']],
    ['TYPE normal IDLE 60', ['valkey-9.0', 'valkey-9.1']],
    ['TYPE normal NAME worker', ['valkey-9.0', 'valkey-9.1']],
    ['TYPE normal DB 3', ['valkey-9.0', 'valkey-9.1']],
    ['TYPE normal LIB-NAME ioredis LIB-VER 5', ['valkey-9.0', 'valkey-9.1']],
    ['TYPE normal IP 10.0.0.1 CAPA r', ['valkey-9.0', 'valkey-9.1']],
    ['TYPE normal FLAGS b', ['valkey-9.0', 'valkey-9.1']],
    ['TYPE normal FLAGS N', ['valkey-9.1']],
    ['TYPE normal FLAGS a', []],
    ['TYPE normal FLAGS S', []],
    ['TYPE normal FLAGS O', ['valkey-9.0', 'valkey-9.1']],
    ['TYPE normal NOT-USER app', ['valkey-9.1']],
    ['TYPE normal NOT-ID 4', ['valkey-9.1']],
    ['NOT-TYPE pubsub', ['redis-7.0', 'redis-7.4', 'valkey-8.0', 'valkey-8.1', 'valkey-9.0', 'valkey-9.1']],
  ];
  for (const [filter, native] of cases) {
    for (const server of Object.keys(SERVERS) as Server[]) {
      const mode = native.includes(server) ? 'native' : 'emulated';
      it(`${filter} on ${server}: ${mode}`, () => {
        const p = plan(filter, server);
        expect(p.mode).toBe(mode);
        expect(p.reasons.length === 0).toBe(mode === 'native');
        expect(p.kills.length > 0).toBe(mode === 'native');
        expect(p.lists.length).toBeGreaterThan(0);
      });
    }
  }

  it('names each reason to emulate', () => {
    expect(plan('TYPE normal IDLE 60', 'redis-7.0').reasons).toEqual(['IDLE is not a CLIENT KILL filter on redis 7.0.15']);
    expect(plan('TYPE normal FLAGS N', 'valkey-9.0').reasons).toEqual(['valkey 9.0.0 matches every client for FLAGS N (a server bug)']);
    expect(plan('TYPE normal FLAGS a', 'valkey-9.1').reasons).toEqual(["flag letter a is Dragonfly's; valkey refuses it in a FLAGS filter"]);
    expect(plan('TYPE normal FLAGS S', 'valkey-9.1').reasons).toEqual(['valkey matches MONITOR clients for FLAGS S, which CLIENT LIST shows as O']);
    expect(plan('USER app', 'dragonfly').reasons).toEqual([
      'USER is not a CLIENT KILL filter on dragonfly 1.25.1',
      'dragonfly has no TYPE filter, so replication links cannot be excluded natively',
    ]);
  });
});

describe('native CLIENT arguments', () => {
  it('TYPE normal USER app is sent as written, with SKIPME yes', () => {
    expect(kills('TYPE normal USER app', 'redis-7.0')).toEqual(['KILL USER app TYPE normal SKIPME yes']);
  });

  it('TYPE primary is sent as TYPE master (Redis does not know primary)', () => {
    expect(kills('TYPE primary', 'redis-7.0', { allowReplication: true })).toEqual(['KILL TYPE master SKIPME yes']);
  });

  it('MAXAGE on Redis 7.4, one command per allowed type, TYPE normal last', () => {
    expect(kills('MAXAGE 60', 'redis-7.4')).toEqual(['KILL MAXAGE 60 TYPE pubsub SKIPME yes', 'KILL MAXAGE 60 TYPE normal SKIPME yes']);
  });

  it('several ids: one command per id where ID takes one, one command where it takes several', () => {
    expect(kills('TYPE normal ID 5 6 7', 'redis-7.0')).toEqual([
      'KILL ID 5 TYPE normal SKIPME yes',
      'KILL ID 6 TYPE normal SKIPME yes',
      'KILL ID 7 TYPE normal SKIPME yes',
    ]);
    expect(kills('TYPE normal ID 5 6 7', 'valkey-8.1')).toEqual(['KILL ID 5 6 7 TYPE normal SKIPME yes']);
  });

  it('the old form ip:port becomes ADDR, skipping the caller and the replication links', () => {
    expect(kills('10.0.0.9:4000', 'redis-7.0')).toEqual([
      'KILL ADDR 10.0.0.9:4000 TYPE pubsub SKIPME yes',
      'KILL ADDR 10.0.0.9:4000 TYPE normal SKIPME yes',
    ]);
  });

  it('NOT-TYPE narrows the types instead of sending NOT-TYPE', () => {
    expect(kills('NOT-TYPE pubsub USER app', 'redis-7.0')).toEqual(['KILL USER app TYPE normal SKIPME yes']);
  });

  it('NOT- forms and Valkey 9 filters are sent natively on Valkey 9.1', () => {
    expect(kills('TYPE normal NOT-USER app IDLE 5 FLAGS N', 'valkey-9.1')).toEqual(['KILL NOT-USER app IDLE 5 FLAGS N TYPE normal SKIPME yes']);
  });

  it('Dragonfly: exactly one filter and no SKIPME, only when replication links and the caller may be hit', () => {
    expect(kills('ADDR 1.2.3.4:5 SKIPME no', 'dragonfly', { allowReplication: true })).toEqual(['KILL ADDR 1.2.3.4:5']);
    expect(kills('ID 5 SKIPME no', 'dragonfly', { allowReplication: true })).toEqual(['KILL ID 5']);
    expect(plan('ADDR 1.2.3.4:5', 'dragonfly', { allowReplication: true }).reasons).toEqual(["dragonfly cannot skip the caller's own connection"]);
    expect(plan('ADDR 1.2.3.4:5 LADDR 1.2.3.4:6 SKIPME no', 'dragonfly', { allowReplication: true }).reasons).toEqual([
      'dragonfly takes exactly one filter per CLIENT KILL',
    ]);
  });

  it('CLIENT LIST calls fetch only the allowed types where the server can', () => {
    expect(plan('USER app', 'redis-7.0').lists).toEqual([['LIST', 'TYPE', 'normal'], ['LIST', 'TYPE', 'pubsub']]);
    expect(plan('TYPE pubsub', 'redis-7.0').lists).toEqual([['LIST', 'TYPE', 'pubsub']]);
    expect(plan('USER app', 'redis-7.0', { allowReplication: true }).lists).toEqual([['LIST']]);
    expect(plan('USER app', 'dragonfly').lists).toEqual([['LIST']]);
  });

  it('carries countFirst and how to kill by id', () => {
    expect(plan('USER app', 'redis-7.0', { countFirst: true })).toMatchObject({ countFirst: true, killById: { multiId: false, skipme: true, typed: true } });
    expect(plan('USER app', 'valkey-8.1')).toMatchObject({ countFirst: false, killById: { multiId: true, skipme: true, typed: true } });
    expect(plan('USER app', 'redis-7.0', { allowReplication: true }).killById.typed).toBe(false);
    expect(plan('USER app', 'dragonfly').killById).toEqual({ multiId: false, skipme: false, typed: false });
  });
});

describe('safety: never ID 0, never an empty ID list', () => {
  const built = (f: Filter) => () => compile(f, caps('redis-7.0'));

  it('compile refuses a filter built in code with an empty ID list or ID 0', () => {
    expect(built({ clauses: [{ kind: 'id', ids: [], negate: false }] })).toThrow(FilterError);
    expect(built({ clauses: [{ kind: 'id', ids: ['0'], negate: false }] })).toThrow(/client ids from 1 to 18446744073709551615/);
    expect(built({ clauses: [{ kind: 'id', ids: ['3', '0'], negate: false }, { kind: 'type', value: 'normal', negate: false }] })).toThrow(/client ids from 1 to 18446744073709551615/);
    expect(built({ clauses: [{ kind: 'id', ids: ['-7'], negate: false }] })).toThrow(/client ids from 1 to 18446744073709551615/);
  });

  it('no compiled command ever holds ID 0 or an ID without a number', () => {
    for (const server of Object.keys(SERVERS) as Server[]) {
      for (const f of ['ID 1', 'ID 1 2 3', 'TYPE normal ID 9', 'NOT-ID 4 TYPE pubsub']) {
        for (const k of plan(f, server, { allowReplication: true }).kills) {
          const at = k.indexOf('ID');
          if (at >= 0) expect(Number(k[at + 1])).toBeGreaterThan(0);
        }
      }
    }
  });

  it('killByIdCommands drops ids that are not positive integers and returns nothing for none', () => {
    const p = plan('USER app', 'valkey-8.1');
    expect(killByIdCommands(p, [])).toEqual([]);
    expect(killByIdCommands(p, ['0', '-1', 'NaN', '1.5', '007', '18446744073709551616'])).toEqual([]);
    expect(killByIdCommands(p, ['0', '12', '-1', '13', '18446744073709551615'])).toEqual([['KILL', 'ID', '12', '13', '18446744073709551615', 'SKIPME', 'yes']]);
  });
});

describe('safety: replication links are protected', () => {
  it('a filter without TYPE normal/pubsub is split into TYPE normal and TYPE pubsub', () => {
    expect(kills('USER default', 'redis-7.0')).toEqual(['KILL USER default TYPE pubsub SKIPME yes', 'KILL USER default TYPE normal SKIPME yes']);
    expect(plan('USER default', 'redis-7.0').types).toEqual(['normal', 'pubsub']);
    expect(plan('NOT-TYPE normal', 'redis-7.0').types).toEqual(['pubsub']);
  });

  it.each(['TYPE master', 'TYPE primary', 'TYPE replica', 'TYPE slave', 'TYPE master USER default'])('%s is refused without allowReplication', (f) => {
    expect(() => plan(f, 'redis-7.0')).toThrow(/replication links; pass --allow-replication/);
    expect(() => allowedTypes(parseFilter(f), false)).toThrow(FilterError);
  });

  it('with allowReplication, TYPE master/replica compile and no TYPE means every type', () => {
    expect(kills('TYPE replica', 'redis-7.0', { allowReplication: true })).toEqual(['KILL TYPE replica SKIPME yes']);
    expect(kills('USER default', 'redis-7.0', { allowReplication: true })).toEqual(['KILL USER default SKIPME yes']);
    expect(plan('NOT-TYPE pubsub', 'redis-7.0', { allowReplication: true }).types).toEqual(['normal', 'master', 'replica']);
  });

  it('an emulated plan never selects a replication link (S on a master, M on a replica)', () => {
    const self = '15';
    const master = parseClientList(fixture('redis-7.0.15.client-list.master.txt'));
    const replica = parseClientList(fixture('redis-7.0.15.client-list.replica.txt'));
    const p = plan('MAXAGE 1', 'redis-7.0');
    expect(p.mode).toBe('emulated');
    const picked = [...master, ...replica].filter((r) => planMatches(p, r, self));
    expect(picked.some((r) => /[SM]/.test(r.flags))).toBe(false);
    expect(picked.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const all = plan('MAXAGE 1', 'redis-7.0', { allowReplication: true });
    expect([...master, ...replica].filter((r) => planMatches(all, r, self)).map((r) => r.id)).toEqual(expect.arrayContaining(['4', '53']));
  });
});

describe('safety: SKIPME yes by default', () => {
  it('native commands end in SKIPME yes unless the filter says SKIPME no', () => {
    expect(kills('TYPE normal', 'redis-7.0')).toEqual(['KILL TYPE normal SKIPME yes']);
    expect(kills('TYPE normal SKIPME no', 'redis-7.0')).toEqual(['KILL TYPE normal SKIPME no']);
  });

  it('an emulated plan leaves out the caller unless SKIPME no', () => {
    const list = parseClientList(fixture('redis-7.0.15.client-list.master.txt'));
    const me = list.find((r) => r.cmd === 'client|list')!;
    expect(planMatches(plan('TYPE normal IDLE 1 ', 'redis-7.0'), { ...clientFields(me), idle: 5 }, me.id)).toBe(false);
    expect(planMatches(plan('TYPE normal IDLE 1 SKIPME no', 'redis-7.0'), { ...clientFields(me), idle: 5 }, me.id)).toBe(true);
  });

  it("kill-by-id commands carry the filter's SKIPME where the server takes it", () => {
    expect(killByIdCommands(plan('TYPE normal IDLE 1', 'redis-7.0'), ['4'])).toEqual([['KILL', 'ID', '4', 'SKIPME', 'yes']]);
    expect(killByIdCommands(plan('TYPE normal IDLE 1 SKIPME no', 'redis-7.0'), ['4'])).toEqual([['KILL', 'ID', '4', 'SKIPME', 'no']]);
    expect(killByIdCommands(plan('ADDR a:1', 'dragonfly'), ['4'])).toEqual([['KILL', 'ID', '4']]);
  });

  it('with SKIPME no, the command that can close our own connection is sent last', () => {
    expect(kills('USER default SKIPME no', 'redis-7.0')).toEqual([
      'KILL USER default TYPE pubsub SKIPME no',
      'KILL USER default TYPE normal SKIPME no',
    ]);
    expect(kills('USER default SKIPME no', 'redis-7.0', { allowReplication: true })).toEqual(['KILL USER default SKIPME no']);
  });

  it('SKIPME no with several ids is emulated where ID takes one id (one of those commands may close our connection)', () => {
    for (const server of ['redis-7.0', 'valkey-8.0', 'dragonfly'] as const) {
      const p = plan('ID 5 6 SKIPME no', server, { allowReplication: true });
      expect(p.mode, server).toBe('emulated');
      expect(p.reasons.join(' '), server).toMatch(/SKIPME no with several ids/);
    }
    expect(kills('ID 5 6 SKIPME no', 'valkey-8.1')).toEqual(['KILL ID 5 6 TYPE pubsub SKIPME no', 'KILL ID 5 6 TYPE normal SKIPME no']);
    expect(plan('ID 5 SKIPME no', 'redis-7.0').mode).toBe('native');
  });
});

describe('killByIdCommands', () => {
  const ids = Array.from({ length: 2500 }, (_, i) => String(i + 1));

  it('chunks ids where ID takes several (default 1000 per command)', () => {
    const cmds = killByIdCommands(plan('USER app', 'valkey-8.1'), ids);
    expect(cmds.map((c) => c.length - 4)).toEqual([1000, 1000, 500]);
    expect(cmds.flatMap((c) => c.slice(2, -2))).toEqual(ids);
    expect(killByIdCommands(plan('USER app', 'valkey-8.1'), ids.slice(0, 10), 4).map((c) => c.slice(2, -2))).toEqual([
      ['1', '2', '3', '4'],
      ['5', '6', '7', '8'],
      ['9', '10'],
    ]);
  });

  it('sends one id per command where ID takes one, whatever the chunk', () => {
    const cmds = killByIdCommands(plan('USER app', 'redis-7.0'), ['3', '4', '5'], 1000);
    expect(cmds).toEqual(['3', '4', '5'].map((id) => ['KILL', 'ID', id, 'SKIPME', 'yes']));
  });

  it('sends each id once', () => {
    expect(killByIdCommands(plan('USER app', 'valkey-8.1'), ['7', '7', '8'])).toEqual([['KILL', 'ID', '7', '8', 'SKIPME', 'yes']]);
  });

  it('adds the TYPE the clients were listed with when the plan protects replication links', () => {
    expect(killByIdCommands(plan('USER app', 'redis-7.0'), ['3'], 1000, 'pubsub')).toEqual([['KILL', 'ID', '3', 'TYPE', 'pubsub', 'SKIPME', 'yes']]);
    expect(killByIdCommands(plan('USER app', 'redis-7.0', { allowReplication: true }), ['3'], 1000, 'pubsub')).toEqual([['KILL', 'ID', '3', 'SKIPME', 'yes']]);
  });
});
