// REPLICAOF swap without Sentinel: the demoted node's app clients are killed once, the other node's clients and
// the replication links survive; dryRun kills nothing and logs what would die; /metrics and /status show it.
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, stopTestDaemons, type TestDaemon } from '../../helpers/daemon.js';
import { startReplica, startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';
import { FAST_SYNC, roleOf } from '../../helpers/topology.js';

const httpGet = (addr: string, path: string): Promise<{ code: number; body: string }> =>
  new Promise((resolve, reject) => {
    get(`http://${addr}${path}`, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });

/** Make `replica` the master and `master` its replica, as an operator would by hand. */
const swap = async (master: ServerHandle, replica: ServerHandle): Promise<void> => {
  await (await replica.client()).call('REPLICAOF', 'NO', 'ONE');
  await (await master.client()).call('REPLICAOF', '127.0.0.1', String(replica.port));
};

const linkUp = async (replica: ServerHandle): Promise<boolean> => /master_link_status:up/.test(await (await replica.client()).info('replication'));

const config = (a: ServerHandle, b: ServerHandle, extra: Record<string, unknown> = {}) => ({
  targets: [
    { name: 'a', url: `redis://${a.addr}` },
    { name: 'b', url: `redis://${b.addr}` },
  ],
  watch: { pollIntervalMs: 100, timeoutMs: 1000 },
  policies: [
    { name: 'stale-writers', on: 'demoted', filter: 'TYPE normal NAME app' },
    { name: 'stale-subscribers', on: 'demoted', filter: 'TYPE pubsub' },
  ],
  ...extra,
});

/** A master `a`, its replica `b` and a daemon watching both, for one describe block. */
const pairWithDaemon = (extra: Record<string, unknown>) => {
  const ctx = {} as { a: ServerHandle; b: ServerHandle; d: TestDaemon };
  beforeAll(async () => {
    ctx.a = await startServer(FAST_SYNC);
    ctx.b = await startReplica(ctx.a, FAST_SYNC);
    ctx.d = await startTestDaemon(config(ctx.a, ctx.b, extra));
  });
  afterAll(async () => {
    await stopTestDaemons();
    await stopAll();
  });
  return ctx;
};

describe('REPLICAOF swap, no Sentinel', () => {
  const ctx = pairWithDaemon({ admin: { listen: '127.0.0.1:0' } });

  it('kills the app clients on the demoted node only, once, and keeps the replication links', async () => {
    const { a, b, d } = ctx;
    const onA = await Promise.all([1, 2, 3].map(() => a.client({ name: 'app' })));
    const subA = await a.client({ name: 'listener' });
    await subA.subscribe('news');
    const other = await a.client({ name: 'ops-tool' });
    const onB = await Promise.all([1, 2].map(() => b.client({ name: 'app' })));

    await swap(a, b);
    await waitFor(async () => d.runs('a').length === 2, 10_000, 'both demoted policies to run on a');

    expect(d.runs('a', 'stale-writers')[0]).toMatchObject({ killed: 3, dryRun: false, trigger: { event: 'demoted', change: `master -> replica of ${b.addr}` } });
    expect(d.runs('a', 'stale-subscribers')[0]).toMatchObject({ killed: 1 });
    for (const c of [...onA, subA]) await waitFor(async () => c.status === 'end', 5000, 'killed client to close');
    expect(await other.ping()).toBe('PONG');
    for (const c of onB) expect(await c.ping()).toBe('PONG');
    await waitFor(() => linkUp(a), 10_000, 'a to replicate from b');
    expect(await roleOf(a)).toBe(`replica of ${b.addr}`);
    expect(d.seen['role-change'].map((e) => [e.target, e.event, e.source])).toEqual(
      expect.arrayContaining([
        ['a', 'demoted', 'poll'],
        ['b', 'promoted', 'poll'],
      ]),
    );
    expect(d.runs('b')).toEqual([]);
  });

  it('shows the run in /metrics and /status, with name labels only', async () => {
    const { b, d } = ctx;
    const addr = d.handle.adminAddress()!;
    expect((await httpGet(addr, '/healthz')).code).toBe(200);
    expect((await httpGet(addr, '/readyz')).code).toBe(200);
    const metrics = (await httpGet(addr, '/metrics')).body;
    expect(metrics).toContain('reconf_agent_clients_killed_total{target="a",policy="stale-writers",trigger="demoted"} 3');
    expect(metrics).toContain('reconf_agent_role_changes_total{target="a",event="demoted",source="poll"} 1');
    expect(metrics).toContain('reconf_agent_target_role{target="a",role="replica"} 1');
    expect(metrics).toMatch(/reconf_agent_build_info\{version="[^"]+",node="v\d+/);
    expect(metrics).not.toMatch(/127\.0\.0\.1:\d+/); // configured names, never addresses, as labels
    const status = JSON.parse((await httpGet(addr, '/status')).body) as { targets: { name: string; role: string; lastChange?: { event: string } }[] };
    expect(status.targets.find((t) => t.name === 'a')).toMatchObject({ role: `replica of ${b.addr}`, lastChange: { event: 'demoted' } });
  });
});

describe('REPLICAOF swap with dryRun', () => {
  const ctx = pairWithDaemon({ dryRun: true });

  it('kills nothing and logs who would die', async () => {
    const { a, b, d } = ctx;
    const apps = await Promise.all([1, 2].map(() => a.client({ name: 'app' })));
    await swap(a, b);
    await waitFor(async () => d.runs('a', 'stale-writers').length === 1, 10_000, 'the dry run');
    expect(d.runs('a', 'stale-writers')[0]).toMatchObject({ dryRun: true, matched: 2, killed: 0 });
    for (const c of apps) expect(await c.ping()).toBe('PONG');
    const audit = d.logs.find((l) => l.audit === true && (l.trigger as { name: string }).name === 'stale-writers');
    expect(audit).toMatchObject({ dryRun: true, msg: 'kill run (dry run: nothing killed)' });
    expect((audit!.wouldKill as { name: string }[]).map((c) => c.name)).toEqual(['app', 'app']);
  });
});
