// A real three-shard cluster (six nodes, one replica each) watched through `clusters` with one seed: every node
// is discovered and shown in /status and `reconf-agent status`; a reaper with roles [replica] reaches the three
// replicas only; CLUSTER FAILOVER kills the old primary's app clients (a sharded subscriber among them) within
// one poll interval, once, sparing other nodes' clients and every replication link; an automatic failover (the
// primary SIGSTOPped past cluster-node-timeout) kills the returning node's stale app clients when it is back as
// a replica; a failover the topology shows before any poll runs the policies at once, when the node's own ROLE
// (asked at once) confirms it, once. Runs on whichever server the run uses (REDIS_SERVER_BIN), with the
// matching cli.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KillRunResult } from '../../../src/kill/kill-run.js';
import { runCli } from '../../helpers/cli.js';
import { startCluster, type TestCluster } from '../../helpers/cluster.js';
import { startTestDaemon, stopTestDaemons, tempConfigDir, type TestDaemon } from '../../helpers/daemon.js';
import { openClient, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';

const POLL_MS = 500;
const APP = { username: 'app', password: 'app-pw', name: 'app' };

const clusterConfig = (seed: ServerHandle) => ({
  clusters: [{ name: 'shop', seeds: [`redis://${seed.addr}`], refreshIntervalMs: 2000 }],
  watch: { pollIntervalMs: POLL_MS, timeoutMs: 500 },
  policies: [
    { name: 'demoted-app', on: 'demoted', filter: 'TYPE normal USER app' },
    { name: 'promoted-count', on: 'promoted', filter: 'TYPE normal USER nobody' },
  ],
  reapers: [{ name: 'idle-on-replicas', schedule: '0 0 1 1 *', roles: ['replica'], filter: 'TYPE normal NAME idler IDLE 1' }],
});

const name = (n: ServerHandle) => `shop/${n.addr}`;
/**
 * The connection was not closed (these clients never reconnect, so a killed one stays ended) and
 * it answers PING. Right after a failover a node may answer an error for a moment (-LOADING while
 * it syncs from its new primary, or a reply slower than the loop under load), so a PING that fails
 * on an open connection is asked again for up to 5 s; a closed connection fails at once.
 */
const survives = async (c: Redis, what: string): Promise<void> => {
  const deadline = Date.now() + 5000;
  let answer = 'nothing';
  while (c.status === 'ready' && Date.now() < deadline) {
    answer = await c.ping().catch((e: Error) => e.message);
    if (answer === 'PONG') return;
    await new Promise((done) => setTimeout(done, 100));
  }
  expect.fail(`${what} should be open and answer PING: status ${c.status}, last answer ${answer}`);
};
const linkUp = async (n: ServerHandle): Promise<boolean> => /master_link_status:up/.test(await (await n.client()).info('replication'));

describe('a Redis/Valkey Cluster discovered from one seed', () => {
  let c: TestCluster;
  let d: TestDaemon;
  const runAt = new Map<KillRunResult, number>();
  const dir = tempConfigDir();
  beforeAll(async () => {
    c = await startCluster();
    // ACL users are per node: the app's user exists on every node, as an operator would set it up.
    for (const n of c.nodes) await (await n.client()).call('ACL', 'SETUSER', 'app', 'on', '>app-pw', '~*', '&*', '+@all');
    d = await startTestDaemon({ ...clusterConfig(c.nodes[0]!), admin: { listen: '127.0.0.1:0' } });
    d.handle.events.on('kill-run', (r) => runAt.set(r, Date.now()));
  }, 60_000);
  afterAll(async () => {
    await stopTestDaemons();
    await stopAll();
    dir.cleanup();
  });

  it('watches every node as <cluster>/<host:port> and shows the cluster, its nodes and roles in /status and `status`', async () => {
    const roles = await c.roles();
    const s = d.handle.status();
    expect(s.targets.map((t) => t.name).sort()).toEqual(c.nodes.map(name).sort());
    for (const r of roles) {
      const t = s.targets.find((x) => x.name === name(r.node))!;
      expect(t).toMatchObject({ cluster: 'shop', up: true, role: r.role === 'master' ? 'master' : `replica of 127.0.0.1:${r.of}` });
    }
    // CLUSTER SHARDS where the server has it (Redis 7.0+, Valkey), else CLUSTER NODES.
    const source = await (await c.nodes[0]!.client()).call('CLUSTER', 'SHARDS').then(() => 'CLUSTER SHARDS', () => 'CLUSTER NODES');
    // The cluster's own view can lag the nodes' ROLE right after the cluster forms (gossip): the agent
    // shows what the seed said at its last refresh, so the view matches within a refresh interval.
    const expected = roles.map((r) => [r.node.addr, r.role, r.of && `127.0.0.1:${r.of}`]).sort();
    const view = () => d.handle.status().clusters[0]!.nodes.map((n) => [n.addr, n.role, n.of]).sort();
    await waitFor(async () => JSON.stringify(view()) === JSON.stringify(expected), 3 * 2000, "the cluster's view to show every replica");
    const [cl] = d.handle.status().clusters;
    expect(cl).toMatchObject({ name: 'shop', seeds: [c.nodes[0]!.addr], source, seed: c.nodes[0]!.addr });
    expect(view()).toEqual(expected);
    expect(cl!.nodes.filter((n) => n.role === 'master').flatMap((n) => n.slots).length).toBeGreaterThanOrEqual(3);

    const path = dir.write('status.yaml', { ...clusterConfig(c.nodes[0]!), admin: { listen: d.handle.adminAddress() } });
    const out = await runCli(['status', '-c', path]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`cluster shop (seeds ${c.nodes[0]!.addr}): 6 nodes, ${source} from ${c.nodes[0]!.addr}`);
    for (const r of roles) {
      expect(out.stdout).toMatch(new RegExp(`^shop\\s+${r.node.addr}\\s+${r.role === 'master' ? 'master\\s+\\d+-\\d+' : `replica of 127\\.0\\.0\\.1:${r.of}\\s+-`}\\s+\\w+$`, 'm'));
    }
  });

  it('a reaper with roles [replica] kills idle clients on the three replicas only', async () => {
    const roles = await c.roles();
    const idlers = new Map<ServerHandle, Redis>();
    for (const n of c.nodes) idlers.set(n, await n.client({ name: 'idler' }));
    for (const n of c.nodes) {
      await waitFor(async () => /name=idler .*idle=[1-9]/.test(String(await (await n.client()).call('CLIENT', 'LIST'))), 5000, `the idler on ${n.addr} to be idle for a second`);
    }
    const run = (await d.handle.runReaper('idle-on-replicas'))!;
    const replicas = roles.filter((r) => r.role === 'replica').map((r) => name(r.node));
    expect(run.results.map((r) => r.target).sort()).toEqual(replicas.sort());
    for (const r of run.results) expect(r).toMatchObject({ matched: 1, killed: 1 });
    for (const r of roles) {
      const client = idlers.get(r.node)!;
      if (r.role === 'replica') await waitFor(() => client.status === 'end', 5000, `idler on replica ${r.node.addr} closed`);
      else await survives(client, `idler on primary ${r.node.addr}`);
    }
  });

  it('CLUSTER FAILOVER: the old primary\'s app clients are killed within one poll interval, once; other clients and the replication links survive', async () => {
    const [p, q] = await c.primaries();
    const r = await c.replicaOf(p!);
    const onP = await Promise.all([1, 2].map(() => p!.client(APP)));
    // A sharded subscriber: on the demoted node the server unsubscribes it (it becomes a normal client), and the policy closes it.
    const channel = await channelServedBy(p!);
    const shardSub = await openClient(p!.port, APP);
    await shardSub.ssubscribe(channel);
    const elsewhere = [...(await Promise.all([1, 2].map(() => q!.client(APP)))), await r.client(APP)];
    const bystander = await p!.client({ name: 'monitoring' });
    const before = d.runs(name(p!), 'demoted-app').length;

    await (await r.client()).call('CLUSTER', 'FAILOVER');
    let demotedAt = 0;
    await waitFor(async () => {
      const role = (await (await p!.client()).call('ROLE')) as unknown[];
      demotedAt = Date.now();
      return role[0] === 'slave';
    }, 15_000, 'the old primary to become a replica');
    await waitFor(() => d.runs(name(p!), 'demoted-app').length > before, 10_000, 'the demoted policy to run on the old primary');

    const run = d.runs(name(p!), 'demoted-app').at(-1)!;
    expect(run).toMatchObject({ matched: 3, killed: 3, trigger: { kind: 'policy', event: 'demoted' } });
    const change = d.seen['role-change'].find((e) => e.target === name(p!) && e.event === 'demoted')!;
    expect(change.at - demotedAt, 'detected within one poll interval of the change').toBeLessThanOrEqual(POLL_MS);
    expect(runAt.get(run)! - demotedAt, 'killed within one poll interval of the change (plus the run itself)').toBeLessThanOrEqual(POLL_MS + 500);
    for (const cl of [...onP, shardSub]) await waitFor(() => cl.status === 'end', 5000, 'app client on the old primary closed');
    for (const [i, cl] of elsewhere.entries()) await survives(cl, `app client ${i + 1} on another node`);
    await survives(bystander, 'the monitoring client on the old primary');

    // Let the poller and the next topology reads see the same change: still one run per change.
    await waitFor(c.settled, 20_000, 'the cluster to settle with every replica linked');
    await waitFor(() => d.handle.status().targets.find((t) => t.name === name(p!))!.role === `replica of ${r.addr}`, 5000, 'the daemon to see the old primary as a replica');
    await new Promise((done) => setTimeout(done, 2500));
    expect(d.runs(name(p!), 'demoted-app')).toHaveLength(before + 1);
    expect(d.runs(name(r), 'promoted-count')).toHaveLength(1);
    expect(d.seen['kill-run'].filter((k) => k.trigger.kind === 'policy' && k.killed > 0).map((k) => k.target)).toEqual([name(p!)]);
    for (const n of await c.replicas()) expect(await linkUp(n), `replication link of ${n.addr}`).toBe(true);
  }, 60_000);

  it('automatic failover: the stopped primary\'s stale app clients are killed when it comes back as a replica', async () => {
    const [p] = (await c.primaries()).filter((n) => d.runs(name(n), 'demoted-app').length === 0);
    const r = await c.replicaOf(p!);
    const stale = await Promise.all([1, 2].map(() => p!.client(APP)));
    const bystander = await p!.client({ name: 'monitoring' });
    // Earlier tests left app clients on this node too (it was "another node" then): all of them are stale now.
    const appClients = await appClientsOn(p!);
    expect(appClients).toBeGreaterThanOrEqual(stale.length);

    p!.process.kill('SIGSTOP');
    try {
      await waitFor(async () => ((await (await r.client()).call('ROLE')) as unknown[])[0] === 'master', 20_000, 'the cluster to promote the replica');
      await waitFor(() => d.handle.status().targets.find((t) => t.name === name(p!))!.up === false, 5000, 'the daemon to see the stopped primary down');
      expect(d.runs(name(p!), 'demoted-app')).toHaveLength(0);
    } finally {
      p!.process.kill('SIGCONT');
    }
    await waitFor(() => d.runs(name(p!), 'demoted-app').length > 0, 15_000, 'the demoted policy to run when the old primary is back');
    expect(d.runs(name(p!), 'demoted-app')[0]).toMatchObject({ matched: appClients, killed: appClients });
    expect(((await (await p!.client()).call('ROLE')) as unknown[])[0]).toBe('slave');
    for (const cl of stale) await waitFor(() => cl.status === 'end', 5000, 'stale app client closed');
    await survives(bystander, 'the monitoring client on the returning node');
    await waitFor(c.settled, 20_000, 'the cluster to settle with every replica linked');
    expect(d.runs(name(p!), 'demoted-app')).toHaveLength(1);
  }, 60_000);

  it("a failover the topology shows first (polls 30 s apart) runs the demoted policy at once, once the node's own ROLE confirms it", async () => {
    await d.stop();
    const slow = await startTestDaemon({ ...clusterConfig(c.nodes[0]!), clusters: [{ name: 'shop', seeds: c.nodes.map((n) => `redis://${n.addr}`), refreshIntervalMs: 300 }], watch: { pollIntervalMs: 30_000, timeoutMs: 500 } });
    const [p] = await c.primaries();
    const r = await c.replicaOf(p!);
    const onP = await Promise.all([1, 2].map(() => p!.client(APP)));
    const appClients = await appClientsOn(p!);
    await (await r.client()).call('CLUSTER', 'FAILOVER');
    await waitFor(() => slow.runs(name(p!), 'demoted-app').length > 0, 10_000, 'the demoted policy to run from the topology');
    expect(slow.runs(name(p!), 'demoted-app')[0]).toMatchObject({ matched: appClients, killed: appClients });
    for (const cl of onP) await waitFor(() => cl.status === 'end', 5000, 'app client on the old primary closed');
    // The topology's report makes the target poll at once, and its own ROLE confirming the change raises it, as the report's.
    expect(slow.logs.some((l) => l.target === name(p!) && l.msg === 'role change reported: asking the node itself')).toBe(true);
    await new Promise((done) => setTimeout(done, 1000));
    expect(slow.seen['role-change'].filter((e) => e.target === name(p!))).toEqual([expect.objectContaining({ event: 'demoted', source: 'cluster', to: `replica of ${r.addr}` })]);
    expect(slow.runs(name(p!), 'demoted-app')).toHaveLength(1);
    expect(slow.runs(name(r), 'promoted-count')).toHaveLength(1);
  }, 60_000);
});

/** How many normal clients of user app are on `node` now. */
const appClientsOn = async (node: ServerHandle): Promise<number> =>
  String(await (await node.client()).call('CLIENT', 'LIST', 'TYPE', 'normal')).split('\n').filter((l) => / user=app /.test(l)).length;

/** A shard channel whose slot `node` serves. */
const channelServedBy = async (node: ServerHandle): Promise<string> => {
  const admin = await node.client();
  const mine = String(await admin.call('CLUSTER', 'NODES')).split('\n').find((l) => l.includes('myself'))!;
  const [lo, hi] = mine.trim().split(' ')[8]!.split('-').map(Number);
  for (let i = 0; ; i++) {
    const slot = Number(await admin.call('CLUSTER', 'KEYSLOT', `orders-${i}`));
    if (slot >= lo! && slot <= (hi ?? lo)!) return `orders-${i}`;
  }
};
