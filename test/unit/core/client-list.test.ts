// Unit tests of the CLIENT LIST parser on every captured server, a hand-written Dragonfly list, IPv6, unix sockets and edge lines.
import { describe, expect, it } from 'vitest';
import { clientFields, clientType, parseClientList, readClientList, type ClientRecord } from '../../../src/kill/filter/client-list.js';
import { CAPTURED, fixture } from '../../helpers/fixtures.js';

const byName = (list: ClientRecord[], name: string): ClientRecord => {
  const c = list.find((r) => r.name === name);
  if (!c) throw new Error(`no client named ${name}`);
  return c;
};

describe('parseClientList on every captured master list', () => {
  it.each(CAPTURED)('%s', (server) => {
    const text = fixture(`${server}.client-list.master.txt`);
    const list = parseClientList(text);
    expect(list).toHaveLength(text.trim().split('\n').length);

    const types = Object.fromEntries(list.map((c) => [c.id, clientType(c)]));
    expect(Object.values(types).filter((t) => t === 'replica')).toHaveLength(1);
    expect(Object.values(types).filter((t) => t === 'pubsub')).toHaveLength(1);
    expect(Object.values(types).filter((t) => t === 'master')).toHaveLength(0);

    const api = byName(list, 'api');
    expect(api).toMatchObject({ user: 'app', db: 3, flags: '', name: 'api', subscriptions: 0 });
    // A socket client's addr is `path:0` (the shared capture's /run/redis/redis.sock, capture-fixtures.mjs's
    // relative redis.sock), and `[path:0]:0` on Valkey 9.1; laddr is the same.
    const unix = byName(list, 'unix');
    expect(unix).toMatchObject({ flags: 'U', laddr: unix.addr });
    expect(unix.addr).toMatch(/^(\/run\/redis\/redis\.sock:0|redis\.sock:0|\[redis\.sock:0\]:0)$/);
    expect(byName(list, 'ipv6').addr).toMatch(/^\[::1\]:\d+$/);
    expect(byName(list, 'ipv6').laddr).toMatch(/^\[::1\]:\d+$/);

    const sub = list.find((c) => c.flags === 'P')!;
    expect(sub.subscriptions).toBe(1);
    const monitor = list.find((c) => c.flags === 'O')!;
    expect(clientType(monitor)).toBe('normal');
    expect(list.find((c) => c.flags === 'b')).toBeDefined();
    expect(list.find((c) => c.flags === 'x')).toBeDefined();
    const link = list.find((c) => c.flags === 'S')!;
    expect(['master', 'replica'].includes(clientType(link))).toBe(true);
    expect(link.user).toBe('default');

    const unnamed = list.filter((c) => c.name === '');
    expect(unnamed.length).toBeGreaterThan(0);
    for (const c of list) {
      expect(c.id).toMatch(/^[1-9]\d*$/);
      expect(c.flags).not.toBe('N');
      expect(c.idle).toBeLessThanOrEqual(c.age);
      expect(c.cmd).toBeDefined();
    }
  });

  it('reads lib-name where the server sends it (Redis 7.2+, Valkey) and leaves it absent on Redis 7.0', () => {
    expect(parseClientList(fixture('redis-7.0.15.client-list.master.txt')).every((c) => c.libName === undefined)).toBe(true);
    const valkey = parseClientList(fixture('valkey-8.0.1.client-list.master.txt'));
    expect(valkey.filter((c) => c.libName === 'ioredis').map((c) => c.id)).toEqual(['8']);
    expect(valkey.find((c) => c.id === '6')!.libName).toBe('');
  });
});

describe('parseClientList on every captured replica list', () => {
  it.each(CAPTURED)('%s: the link to the master is type master, user (superuser)', (server) => {
    const list = parseClientList(fixture(`${server}.client-list.replica.txt`));
    const link = list.find((c) => c.flags === 'M')!;
    expect(clientType(link)).toBe('master');
    expect(['master', 'replica'].includes(clientType(link))).toBe(true);
    expect(link.user).toBe('(superuser)');
    expect(['NULL', 'ping']).toContain(link.cmd); // NULL until the master's first PING
    expect(list.filter((c) => ['master', 'replica'].includes(clientType(c)))).toHaveLength(1);
  });
});

describe('parseClientList on a Dragonfly list (hand-written)', () => {
  const list = parseClientList(fixture('dragonfly.client-list.txt'));

  it('reads every line, with flags empty when the field is left out', () => {
    expect(list.map((c) => c.id)).toEqual(['2', '3', '4', '5', '6', '7']);
    expect(list.map((c) => c.flags)).toEqual(['', 'P', 'b', 'at', '', '']);
  });

  it('keeps a name holding spaces whole', () => {
    expect(list[0]).toMatchObject({ name: 'billing worker 7', age: 42, idle: 3, db: 0, libName: 'redis-py', libVer: '5.0.1' });
  });

  it('types clients from the letters Dragonfly uses (P is pubsub)', () => {
    expect(list.map(clientType)).toEqual(['normal', 'pubsub', 'normal', 'normal', 'normal', 'normal']);
  });

  it('has no user field and defaults a missing db to 0', () => {
    expect(list.every((c) => c.user === undefined)).toBe(true);
    expect(list.find((c) => c.id === '6')).toMatchObject({ addr: '[::1]:50400', db: 0, name: 'v6' });
  });

  it('ignores fields it does not know (tid, irqmatch, pipeline, phase...)', () => {
    expect(Object.keys(clientFields(list[3]!)).sort()).toEqual(['addr', 'age', 'db', 'flags', 'id', 'idle', 'laddr', 'libName', 'libVer', 'name', 'subscriptions']);
  });
});

describe('parseClientList edge cases', () => {
  it('reads an empty name= as the empty string and a name holding = whole', () => {
    const [a, b] = parseClientList('id=1 addr=1.2.3.4:5 name= age=1 idle=0 flags=N db=0\nid=2 addr=1.2.3.4:6 name=a=b age=1 idle=0 flags=N db=0\n');
    expect(a!.name).toBe('');
    expect(a!.age).toBe(1);
    expect(b!.name).toBe('a=b');
  });

  it('reads IPv6 and unix-socket addresses as written', () => {
    const list = parseClientList(
      'id=3 addr=[2001:db8::7]:40000 laddr=[2001:db8::1]:6379 fd=8 name= age=0 idle=0 flags=N db=0\n' +
        'id=4 addr=/tmp/redis.sock:0 laddr=/tmp/redis.sock:0 fd=9 name= age=0 idle=0 flags=U db=0\n',
    );
    expect(list.map((c) => [c.addr, c.laddr])).toEqual([
      ['[2001:db8::7]:40000', '[2001:db8::1]:6379'],
      ['/tmp/redis.sock:0', '/tmp/redis.sock:0'],
    ]);
  });

  it('keeps 64-bit ids exact, above 2^53 too, and skips ids out of range', () => {
    const list = parseClientList('id=18446744073709551615 addr=a:1 flags=N\nid=9007199254740993 addr=a:2 flags=N\nid=18446744073709551616 addr=a:3 flags=N\nid=0 addr=a:4 flags=N\n');
    expect(list.map((c) => c.id)).toEqual(['18446744073709551615', '9007199254740993']);
  });

  it('handles CRLF, blank lines and lines that are not clients', () => {
    const list = parseClientList('\r\nid=1 addr=a:1 flags=N\r\ngarbage\r\nid=0 addr=a:2\r\nid=x addr=a:3\r\nid=5 name=nameless\r\n\r\n');
    expect(list.map((c) => c.id)).toEqual(['1']);
  });

  it('counts sub, psub and ssub as subscriptions; a subscribed client without P is still pubsub', () => {
    const [c] = parseClientList('id=9 addr=a:1 flags=N sub=0 psub=2 ssub=1');
    expect(c!.subscriptions).toBe(3);
    expect(clientType(c!)).toBe('pubsub');
  });

  it('types M before S before P: a master link is never normal', () => {
    const [m, s, o, os] = parseClientList('id=1 addr=a:1 flags=MP\nid=2 addr=a:2 flags=S\nid=3 addr=a:3 flags=O\nid=4 addr=a:4 flags=OS');
    expect([m, s, o, os].map((c) => clientType(c!))).toEqual(['master', 'replica', 'normal', 'normal']);
  });

  it('keeps a unix socket path holding spaces and key=value text whole', () => {
    const { clients, ambiguous } = readClientList(
      Buffer.from('id=4 addr=/tmp/a b=c.sock:0 laddr=/tmp/a b=c.sock:0 fd=9 name= age=0 idle=0 flags=U db=0 user=default\n'),
    );
    expect(ambiguous).toBe(0);
    expect(clients.map((c) => [c.addr, c.laddr, c.user])).toEqual([['/tmp/a b=c.sock:0', '/tmp/a b=c.sock:0', 'default']]);
  });

  it("keeps a Dragonfly name holding ' user=x' or ' flags=M' whole: no user, no master link", () => {
    const { clients, ambiguous } = readClientList(
      'id=2 addr=127.0.0.1:5 laddr=127.0.0.1:6380 fd=24 name=w user=app flags=M tid=0 irqmatch=1 age=42 idle=3 db=0 phase=process\n',
    );
    expect(ambiguous).toBe(0);
    expect(clients[0]).toMatchObject({ name: 'w user=app flags=M', flags: '', age: 42 });
    expect(clients[0]!.user).toBeUndefined();
    expect(clientType(clients[0]!)).toBe('normal');
  });

  it('leaves out and counts a line whose value holds a field the server also sends (which one is real cannot be told)', () => {
    const { clients, ambiguous } = readClientList(
      'id=2 addr=a:1 laddr=b:2 fd=24 name=x age=1 user=ops tid=0 irqmatch=1 age=42 idle=3 db=0\n' +
        'id=3 addr=/tmp/x fd=1.sock:0 laddr=/tmp/x fd=1.sock:0 fd=17 name= age=0 flags=U\n' +
        'id=4 addr=a:2 laddr=b:2 fd=25 name=ok tid=1 age=1 idle=1\n',
    );
    expect(ambiguous).toBe(2);
    expect(clients.map((c) => c.id)).toEqual(['4']);
  });

  it('reads a reply given as a Buffer like the same text, UTF-8 included', () => {
    const text = 'id=7 addr=1.2.3.4:5 laddr=1.2.3.4:6379 fd=8 name=café age=5 idle=1 flags=P db=2 sub=1 user=app cmd=subscribe\n';
    expect(parseClientList(Buffer.from(text)).map(clientFields)).toEqual(parseClientList(text).map(clientFields));
    expect(clientFields(parseClientList(Buffer.from(text))[0]!)).toEqual({
      id: '7', addr: '1.2.3.4:5', laddr: '1.2.3.4:6379', name: 'café', age: 5, idle: 1, flags: 'P', db: 2, subscriptions: 1, user: 'app', cmd: 'subscribe',
    });
  });

  it('parses an empty reply as no clients', () => {
    expect(parseClientList('')).toEqual([]);
  });
});
