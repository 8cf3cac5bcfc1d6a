// Property test against a real redis-server (7.0): for generated ID/TYPE/USER/ADDR/LADDR/SKIPME filters, the clients the local evaluator picks from CLIENT LIST are exactly the clients the server kills (raw CLIENT KILL, and the compiled native plan through executePlan).
import { compareIds } from '../../src/kill/filter/client-id.js';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClientList, type ClientRecord } from '../../src/kill/filter/client-list.js';
import { compile, planMatches, type Plan } from '../../src/kill/plan/compile.js';
import { filterMatches } from '../../src/kill/filter/evaluate.js';
import { filterTokens, printFilter } from '../../src/kill/filter/print.js';
import { CLIENT_TYPES, type Clause, type ClientType, type Filter } from '../../src/kill/filter/types.js';
import { executePlan } from '../../src/kill/execute/execute.js';
import { probeServer } from '../../src/kill/execute/probe.js';
import { addUsers, PASSWORD } from '../helpers/population.js';
import { openClient, startReplica, startServer, stopAll, waitFor, type ServerHandle } from '../helpers/servers.js';

const USERS = ['default', 'app', 'ops'] as const;

/** A filter described against a CLIENT LIST not yet taken: `anchor` picks the client whose id/addr/laddr is used. */
interface Spec {
  readonly onReplica: boolean;
  readonly viaPlan: boolean;
  readonly allowReplication: boolean;
  readonly anchor: number;
  readonly id: 'anchor' | 'missing' | undefined;
  readonly addr: 'anchor' | 'other' | 'missing' | undefined;
  readonly laddr: 'anchor' | 'missing' | undefined;
  readonly type: ClientType | undefined;
  readonly user: (typeof USERS)[number] | undefined;
  readonly skipme: boolean | undefined;
}

/** Each clause is left out two times in three, so filters are short enough to match something. */
const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const mostly = <T>(usual: T, ...rare: T[]): fc.Arbitrary<T> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom(...rare) });

const spec: fc.Arbitrary<Spec> = fc.record({
  onReplica: fc.boolean(),
  viaPlan: fc.boolean(),
  allowReplication: fc.boolean(),
  anchor: fc.nat(40),
  id: opt(mostly('anchor' as const, 'missing' as const)),
  addr: opt(mostly('anchor' as const, 'other' as const, 'missing' as const)),
  laddr: opt(mostly('anchor' as const, 'missing' as const)),
  type: opt(fc.constantFrom(...CLIENT_TYPES)),
  user: opt(fc.constantFrom(...USERS)),
  skipme: opt(fc.boolean()),
});

/** Cases that always run first: replication links killed raw, a USER default plan, SKIPME no. */
const none = { id: undefined, addr: undefined, laddr: undefined, type: undefined, user: undefined, skipme: undefined, anchor: 0 } as const;
const EXAMPLES: Spec[] = [
  { ...none, onReplica: false, viaPlan: false, allowReplication: false, type: 'replica' },
  { ...none, onReplica: true, viaPlan: false, allowReplication: false, type: 'master' },
  { ...none, onReplica: false, viaPlan: true, allowReplication: false, user: 'default' },
  { ...none, onReplica: true, viaPlan: true, allowReplication: true, user: 'default' },
  { ...none, onReplica: false, viaPlan: true, allowReplication: false, user: 'app', skipme: false },
  { ...none, onReplica: false, viaPlan: true, allowReplication: false, type: 'normal', skipme: false },
  { ...none, onReplica: true, viaPlan: false, allowReplication: false, skipme: false, user: 'default' },
];

/** Turn a spec into a filter against the clients actually listed. */
const materialize = (s: Spec, listed: readonly ClientRecord[]): Filter => {
  const anchor = listed[s.anchor % listed.length]!;
  const other = listed[(s.anchor + 1) % listed.length]!;
  const noId = String(Math.max(...listed.map((c) => Number(c.id))) + 1000);
  const clauses: Clause[] = [];
  if (s.id) clauses.push({ kind: 'id', ids: [s.id === 'anchor' ? anchor.id : noId], negate: false });
  if (s.type) clauses.push({ kind: 'type', value: s.type, negate: false });
  if (s.user) clauses.push({ kind: 'user', value: s.user, negate: false });
  if (s.addr) clauses.push({ kind: 'addr', value: s.addr === 'missing' ? '127.0.0.1:1' : (s.addr === 'anchor' ? anchor : other).addr, negate: false });
  if (s.laddr) clauses.push({ kind: 'laddr', value: s.laddr === 'anchor' && anchor.laddr ? anchor.laddr : '127.0.0.1:1', negate: false });
  const skipme = s.skipme ?? (clauses.length === 0 ? true : undefined);
  return skipme === undefined ? { clauses } : { clauses, skipme };
};

const ids = (records: readonly ClientRecord[]): string[] => records.map((c) => c.id).sort(compareIds);

/**
 * One connection: id plus both ends. A replica's link to its master keeps its id when Redis
 * resurrects it after a partial resync, but it is a new socket (a new laddr).
 */
const connection = (c: ClientRecord): string => `${c.id} ${c.addr} ${c.laddr}`;

describe('evaluator vs redis-server 7.0 CLIENT KILL', () => {
  let master: ServerHandle;
  let replica: ServerHandle;
  /** Ids of connections this suite closed, which the server may list for a moment more. */
  const closing = new Map<number, Set<string>>();

  beforeAll(async () => {
    master = await startServer(['--repl-diskless-sync-delay', '0']);
    replica = await startReplica(master);
    for (const s of [master, replica]) {
      await addUsers(s.port, ['app', 'ops']);
      closing.set(s.port, new Set());
    }
  });
  afterAll(stopAll);

  /** Open a client, remembering its id so the next run can wait until the server has let it go. */
  const open = async (port: number, opts: Parameters<typeof openClient>[1] = {}): Promise<Redis> => {
    const c = await openClient(port, opts);
    closing.get(port)!.add(String(await c.call('CLIENT', 'ID')));
    return c;
  };

  const replicationUp = async (): Promise<boolean> => {
    const [m, r] = await Promise.all([open(master.port), open(replica.port)]);
    const [mi, ri] = await Promise.all([m.info('replication'), r.info('replication')]);
    await Promise.all([m.quit(), r.quit()]);
    return /slave0:.*state=online/.test(mi) && /master_link_status:up/.test(ri);
  };

  /** A mix of clients: three ACL users, names, a db, a subscriber and a pattern subscriber. */
  const population = async (port: number): Promise<Redis[]> => {
    const as = (username: string) => ({ username, password: PASSWORD });
    const clients = await Promise.all([
      open(port, { name: 'w1' }),
      open(port, { name: 'w2' }),
      open(port),
      open(port, { ...as('app'), name: 'api' }),
      open(port, as('app')),
      open(port, { ...as('ops'), db: 3 }),
      open(port, { name: 'sub' }),
      open(port, { ...as('app'), name: 'psub' }),
    ]);
    await clients[6]!.subscribe('news');
    await clients[7]!.psubscribe('news.*');
    return clients;
  };

  const compileOrRefuse = (filter: Filter, caps: Parameters<typeof compile>[1], allowReplication: boolean): Plan | undefined => {
    try {
      return compile(filter, caps, { allowReplication });
    } catch (e) {
      expect((e as Error).message).toMatch(/replication links/);
      return undefined;
    }
  };

  it('kills exactly the clients the evaluator selects', async () => {
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
          opened.push(...(await population(server.port)));
          const probe = await probeServer(controller);
          const before = parseClientList(String(await controller.call('CLIENT', 'LIST')));
          const filter = materialize(s, before);
          const what = `${printFilter(filter)} on ${s.onReplica ? 'replica' : 'master'}${s.viaPlan ? ` via plan, allowReplication ${s.allowReplication}` : ''}`;

          let expected: string[] = [];
          let reported = 0;
          if (s.viaPlan) {
            const plan = compileOrRefuse(filter, probe.caps, s.allowReplication);
            if (plan) {
              expect(plan.mode, what).toBe('native');
              expected = ids(before.filter((c) => planMatches(plan, c, probe.selfId)));
              reported = (await executePlan(controller, plan, probe.selfId, { label: server.addr })).killed;
            } else {
              expect(s.allowReplication).toBe(false);
            }
          } else {
            expected = ids(before.filter((c) => filterMatches(filter, c, probe.selfId)));
            reported = Number(await controller.call('CLIENT', 'KILL', ...filterTokens(filter)));
          }

          const observer = await open(server.port);
          opened.push(observer);
          const after = new Set(parseClientList(String(await observer.call('CLIENT', 'LIST'))).map(connection));
          expect(ids(before.filter((c) => !after.has(connection(c)))), what).toEqual(expected);
          expect(reported, what).toBe(expected.length);
        } finally {
          for (const c of opened) c.disconnect();
        }
      }),
      { numRuns: 50, examples: EXAMPLES.map((e) => [e] as [Spec]) },
    );
  }, 120_000);
});
