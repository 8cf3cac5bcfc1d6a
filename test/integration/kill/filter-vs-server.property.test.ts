// Differential property test of the filter language against the server under test (every server of the matrix):
// generated filters over every token, NOT- forms included, on a real master and replica with a mixed population
// (ACL users, names, dbs, lib-name/lib-ver and CAPA where the server has them, a subscriber, a pattern subscriber,
// a client in MULTI, a blocked client, a MONITOR, IPv4, IPv6 and unix-socket clients, old and fresh, idle and
// busy, the replication links). Wherever this server runs the filter natively, the clients the server's own
// CLIENT KILL closes are exactly the ones our evaluator selects from the CLIENT LIST taken just before; where
// it does not, the compiled (emulated) plan kills exactly the clients it selects.
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareIds } from '../../../src/kill/filter/client-id.js';
import { parseClientList, type ClientRecord } from '../../../src/kill/filter/client-list.js';
import { filterMatches } from '../../../src/kill/filter/evaluate.js';
import { filterTokens, printFilter } from '../../../src/kill/filter/print.js';
import { CLIENT_TYPES, type Clause, type Filter } from '../../../src/kill/filter/types.js';
import { executePlan } from '../../../src/kill/execute/execute.js';
import { probeServer, type Probe } from '../../../src/kill/execute/probe.js';
import { compile, planMatches, type Plan } from '../../../src/kill/plan/compile.js';
import { addUsers, PASSWORD } from '../../helpers/population.js';
import { openClient, startReplica, startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';

const USERS = ['default', 'app', 'ops'] as const;
const KINDS = ['id', 'type', 'user', 'addr', 'laddr', 'name', 'lib-name', 'lib-ver', 'db', 'ip', 'capa', 'flags', 'maxage', 'idle'] as const;
type Kind = (typeof KINDS)[number];

/** One clause, described against a CLIENT LIST not yet taken: `pick` chooses the value from what is listed. */
interface ClauseSpec {
  readonly kind: Kind;
  readonly negate: boolean;
  readonly pick: number;
}

interface Spec {
  readonly onReplica: boolean;
  /** Send the filter's own tokens as one raw CLIENT KILL (where native), rather than the compiled plan. */
  readonly raw: boolean;
  readonly allowReplication: boolean;
  readonly clauses: readonly ClauseSpec[];
  readonly skipme: boolean | undefined;
}

/** Server flags: TCP on 127.0.0.1 and ::1, a unix socket in the server's dir, and a replication link never idle over a second. */
const SERVER_ARGS = ['--bind', '127.0.0.1', '::1', '--unixsocket', 'redis.sock', '--unixsocketperm', '700', '--repl-ping-replica-period', '1'];

/**
 * A MAXAGE/IDLE threshold no listed client is about to cross: none is 1 or 2 s short of it, so the
 * seconds that pass between the CLIENT LIST and the kill cannot change the answer. One that some
 * client reaches where there is one, so the clause selects something.
 */
const safeThreshold = (values: readonly number[], pick: number): number => {
  const top = Math.max(0, ...values);
  const safe: number[] = [];
  for (let t = 1; t <= top; t++) if (!values.some((v) => v < t && t <= v + 2)) safe.push(t);
  return safe.length > 0 ? safe[pick % safe.length]! : top + 3;
};

/** Turn a spec into a filter against the clients actually listed. */
const materialize = (s: Spec, listed: readonly ClientRecord[]): Filter => {
  const at = (pick: number) => listed[pick % listed.length]!;
  const missingId = String(Math.max(...listed.map((c) => Number(c.id))) + 1000);
  const choose = <T>(pick: number, ...values: T[]): T => values[pick % values.length]!;
  const sock = listed.find((c) => c.flags.includes('U')) ?? at(0);
  const clauses = s.clauses.map((c): Clause => {
    const { negate, pick } = c;
    const a = at(pick);
    switch (c.kind) {
      case 'id':
        return { kind: 'id', ids: choose(pick, [a.id], [a.id, at(pick + 1).id], [missingId], [a.id, missingId]), negate };
      case 'type':
        return { kind: 'type', value: choose(pick, ...CLIENT_TYPES), negate };
      case 'user':
        return { kind: 'user', value: choose(pick, ...USERS), negate };
      case 'addr':
        return { kind: 'addr', value: choose(pick, a.addr, sock.addr, '127.0.0.1:1'), negate };
      case 'laddr':
        return { kind: 'laddr', value: choose(pick, a.laddr ?? '127.0.0.1:1', sock.laddr ?? '127.0.0.1:1', '127.0.0.1:1'), negate };
      case 'name':
        return { kind: 'name', value: choose(pick, a.name || 'nobody', 'w1', 'nobody'), negate };
      case 'lib-name':
        return { kind: 'lib-name', value: choose(pick, a.libName || 'ioredis', 'acme', 'nobody'), negate };
      case 'lib-ver':
        return { kind: 'lib-ver', value: choose(pick, a.libVer || '1.2', '1.2', '0'), negate };
      case 'db':
        return { kind: 'db', value: choose(pick, 0, 3, 5), negate };
      case 'ip':
        return { kind: 'ip', value: choose(pick, '127.0.0.1', '::1', '127.0.0', 'redis.sock'), negate };
      case 'capa':
        return { kind: 'capa', value: 'r', negate };
      case 'flags':
        return { kind: 'flags', letters: choose(pick, 'N', 'P', 'x', 'b', 'O', 'U', 'S', 'M', 'Pb'), negate };
      case 'maxage':
        return { kind: 'maxage', seconds: safeThreshold(listed.map((r) => r.age), pick) };
      case 'idle':
        return { kind: 'idle', seconds: safeThreshold(listed.map((r) => r.idle), pick) };
    }
  });
  const skipme = s.skipme ?? (clauses.length === 0 ? true : undefined);
  return skipme === undefined ? { clauses } : { clauses, skipme };
};

const ids = (records: readonly ClientRecord[]): string[] => records.map((c) => c.id).sort(compareIds);

/**
 * One connection: id plus both ends. A replica's link to its master keeps its id when the server
 * resurrects it after a partial resync, but it is a new socket (a new laddr).
 */
const connection = (c: ClientRecord): string => `${c.id} ${c.addr} ${c.laddr}`;

/** Each kind of clause at most once (a NOT- form or not), one to three of them. */
const clausesArb = (nativeKinds: ReadonlySet<string>): fc.Arbitrary<ClauseSpec[]> =>
  fc
    .uniqueArray(
      // Kinds this server runs natively come up three times as often: that is where it is compared with us.
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...KINDS.filter((k) => nativeKinds.has(k))) },
        { weight: 1, arbitrary: fc.constantFrom(...KINDS) },
      ),
      { minLength: 0, maxLength: 3 },
    )
    .chain((kinds) =>
      fc.tuple(...kinds.map((kind) => fc.record({ kind: fc.constant(kind), negate: kind === 'maxage' || kind === 'idle' ? fc.constant(false) : fc.boolean(), pick: fc.nat(60) }))),
    );

describe('the filter language against the server under test', () => {
  let master: ServerHandle;
  let replica: ServerHandle;
  let probe: Probe;
  /** Ids of connections this suite opened, which the server may list for a moment after they close. */
  const closing = new Map<number, Set<string>>();
  /** Long-lived clients (old and idle), reopened (young) once a kill closed them. */
  const veterans = new Map<number, { redis: Redis; id: string }[]>();
  const tally = { native: 0, raw: 0, emulated: 0, refused: 0 };

  const socketOf = (server: ServerHandle) => join(server.dir, 'redis.sock');

  /** Open a client, remembering its id so the next run can wait until the server has let it go. */
  const open = async (port: number, opts: Parameters<typeof openClient>[1] = {}): Promise<Redis> => {
    const c = await openClient(port, opts);
    closing.get(port)!.add(String(await c.call('CLIENT', 'ID')));
    return c;
  };

  const replicationUp = async (): Promise<boolean> => {
    const [m, r] = await Promise.all([openClient(master.port), openClient(replica.port)]);
    const [mi, ri] = await Promise.all([m.info('replication'), r.info('replication')]);
    m.disconnect();
    r.disconnect();
    return /slave0:.*state=online/.test(mi) && /master_link_status:up/.test(ri);
  };

  const keepVeterans = async (server: ServerHandle, listed: readonly ClientRecord[]): Promise<void> => {
    const alive = new Set(listed.map((c) => c.id));
    const as = (username: string) => ({ username, password: PASSWORD });
    const vets = veterans.get(server.port) ?? [];
    const kept = vets.filter((v) => alive.has(v.id));
    for (const v of vets) if (!alive.has(v.id)) v.redis.disconnect();
    const wanted = [{ name: 'vet' }, { ...as('ops'), name: 'vet', db: 3 }, as('app')];
    for (const opts of wanted.slice(kept.length)) {
      const redis = await openClient(server.port, opts);
      kept.push({ redis, id: String(await redis.call('CLIENT', 'ID')) });
    }
    veterans.set(server.port, kept);
  };

  /** A fresh mix of clients; each has run a command after its CLIENT SETINFO, so nothing about it changes later. */
  const population = async (server: ServerHandle, controller: Redis): Promise<Redis[]> => {
    const port = server.port;
    const as = (username: string) => ({ username, password: PASSWORD });
    const clients = await Promise.all([
      open(port, { name: 'w1' }),
      open(port, { name: 'w1', db: 3 }),
      open(port),
      open(port, { ...as('app'), name: 'api' }),
      open(port, { ...as('ops'), db: 3 }),
      open(port, { name: 'sub' }),
      open(port, { ...as('app'), name: 'psub' }),
      open(port, { name: 'multi' }),
      open(port, { ...as('app'), name: 'blocked' }),
      open(port, { name: 'monitor' }),
      open(port, { name: 'acme' }),
      open(port, { host: '::1', name: 'v6' }),
      open(port, { path: socketOf(server), name: 'sock' }),
      open(port, { ...as('ops'), path: socketOf(server) }),
    ]);
    const [, , plain, , , sub, psub, multi, blocked, monitor, acme] = clients;
    // Where the server has them (else the command fails and the client stays without).
    await acme.call('CLIENT', 'SETINFO', 'LIB-NAME', 'acme').catch(() => undefined);
    await acme.call('CLIENT', 'SETINFO', 'LIB-VER', '1.2').catch(() => undefined);
    await plain.call('CLIENT', 'CAPA', 'redirect').catch(() => undefined);
    await sub.subscribe('news');
    await psub.psubscribe('news.*');
    await multi.call('MULTI');
    await multi.call('GET', 'k');
    await monitor.call('MONITOR');
    const blockedId = String(await blocked.call('CLIENT', 'ID'));
    blocked.call('XREAD', 'BLOCK', '0', 'STREAMS', 'never-written', '$').catch(() => undefined);
    await waitFor(
      async () => parseClientList(String(await controller.call('CLIENT', 'LIST'))).some((c) => c.id === blockedId && c.flags.includes('b')),
      5000,
      'the XREAD client to block',
    );
    return clients;
  };

  beforeAll(async () => {
    master = await startServer(SERVER_ARGS);
    replica = await startReplica(master, SERVER_ARGS);
    for (const s of [master, replica]) {
      await addUsers(s.port, ['app', 'ops']);
      closing.set(s.port, new Set());
      await keepVeterans(s, []);
    }
    const admin = await openClient(master.port);
    probe = await probeServer(admin);
    admin.disconnect();
    await sleep(2000); // the veterans grow old and idle
  });
  afterAll(stopAll);

  /** Compile, or check that the refusal is the replication-link rule. */
  const compileOrRefuse = (filter: Filter, allowReplication: boolean): Plan | undefined => {
    try {
      return compile(filter, probe.caps, { allowReplication });
    } catch (e) {
      expect((e as Error).message).toMatch(/replication links/);
      expect(allowReplication).toBe(false);
      return undefined;
    }
  };

  /** The filter as one raw CLIENT KILL, when this server runs it natively in one command. */
  const rawNative = (filter: Filter): boolean => {
    const plan = compile(filter, probe.caps, { allowReplication: true });
    return plan.mode === 'native' && plan.kills.length === 1;
  };

  it('kills exactly the clients the evaluator selects, natively wherever the server can', async () => {
    const nativeKinds = new Set(KINDS.filter((k) => probe.caps.killTokens.has(k.toUpperCase())));
    const spec: fc.Arbitrary<Spec> = fc.record({
      onReplica: fc.boolean(),
      raw: fc.boolean(),
      allowReplication: fc.boolean(),
      clauses: clausesArb(nativeKinds),
      skipme: fc.option(fc.boolean(), { nil: undefined, freq: 3 }),
    });
    const one = (kind: Kind, negate = false, pick = 0): ClauseSpec => ({ kind, negate, pick });
    const base = { onReplica: false, raw: true, allowReplication: false, skipme: undefined };
    // Always run first: replication links killed raw, USER default through the plan, SKIPME no, the unix
    // socket's flag and addr, IP against an IPv6 client, NOT-USER with MAXAGE, FLAGS N with IDLE.
    const examples: Spec[] = [
      { ...base, clauses: [one('type', false, 2)] }, // TYPE replica
      { ...base, onReplica: true, clauses: [one('type', false, 1)] }, // TYPE master
      { ...base, raw: false, clauses: [one('user')] },
      { ...base, raw: false, onReplica: true, allowReplication: true, clauses: [one('user')] },
      { ...base, raw: false, clauses: [one('user', false, 1)], skipme: false },
      { ...base, clauses: [one('flags', false, 5)] }, // FLAGS U
      { ...base, clauses: [one('addr', false, 1)] }, // ADDR of a unix-socket client: path:0, or [path:0]:0 on Valkey 9.1
      { ...base, clauses: [one('ip', false, 1)] },
      { ...base, clauses: [one('user', true, 1), one('maxage', false, 0)] },
      { ...base, clauses: [one('flags', false, 0), one('idle', false, 1)] },
    ];

    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const server = s.onReplica ? replica : master;
        await waitFor(replicationUp, 15_000, 'replication link up');
        const previous = new Set(closing.get(server.port)!);
        const controller = await open(server.port, { name: 'controller' });
        const opened = [controller];
        try {
          await waitFor(
            async () => parseClientList(String(await controller.call('CLIENT', 'LIST'))).every((c) => !previous.has(c.id)),
            5000,
            'connections closed by earlier runs to go',
          );
          await keepVeterans(server, parseClientList(String(await controller.call('CLIENT', 'LIST'))));
          opened.push(...(await population(server, controller)));
          const selfId = String(await controller.call('CLIENT', 'ID'));
          const before = parseClientList(String(await controller.call('CLIENT', 'LIST')));
          const filter = materialize(s, before);
          const raw = s.raw && rawNative(filter);
          const what = `${printFilter(filter)} on the ${s.onReplica ? 'replica' : 'master'} of ${probe.info.flavor} ${probe.info.version}`;

          let expected: string[] = [];
          let reported = 0;
          if (raw) {
            tally.raw++;
            expected = ids(before.filter((c) => filterMatches(filter, c, selfId)));
            reported = Number(await controller.call('CLIENT', 'KILL', ...filterTokens(filter)));
          } else {
            const plan = compileOrRefuse(filter, s.allowReplication);
            if (!plan) {
              tally.refused++;
              return;
            }
            tally[plan.mode]++;
            expected = ids(before.filter((c) => planMatches(plan, c, selfId)));
            reported = (await executePlan(controller, plan, selfId, { label: server.addr })).killed;
          }

          const observer = await open(server.port);
          opened.push(observer);
          const after = new Set(parseClientList(String(await observer.call('CLIENT', 'LIST'))).map(connection));
          expect(ids(before.filter((c) => !after.has(connection(c)))), `${what}${raw ? ' (raw CLIENT KILL)' : ''}`).toEqual(expected);
          // The server's own kill also takes a matching client that connected after the listing (for example a
          // replica reconnecting after an earlier run killed its link: seen once on Valkey 9.1); which listed
          // clients died is checked exactly above. Our plans kill by listed id, so their count is exact.
          if (raw) expect(reported, what).toBeGreaterThanOrEqual(expected.length);
          else expect(reported, what).toBe(expected.length);
        } finally {
          for (const c of opened) c.disconnect();
        }
      }),
      { numRuns: 80, examples: examples.map((e) => [e] as [Spec]) },
    );
    // Every path ran: the server's own kill, and the compiled plan.
    expect(tally.raw + tally.native, JSON.stringify(tally)).toBeGreaterThan(0);
    expect(tally.raw + tally.native + tally.emulated, JSON.stringify(tally)).toBeGreaterThan(20);
  }, 240_000);
});
