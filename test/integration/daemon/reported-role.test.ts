// A role change another source reports (a cluster's topology) is checked with the node's own ROLE
// before anything is killed. A seed whose gossip lags can show a just-promoted replica as a replica
// again; acting on that view killed the new primary's app clients (seen in CI on Redis 8.0.2). Here a
// real server is watched by one TargetTracker with 30 s polls, so every poll in the test is one the
// report caused: a report the node contradicts kills nothing, and one it confirms runs the policies
// at once, once, with the report's source.
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { Dedupe } from '../../../src/daemon/dedupe.js';
import type { DaemonEventMap, DaemonEvents } from '../../../src/daemon/events.js';
import { PollClock } from '../../../src/daemon/target/poll-clock.js';
import { TargetTracker } from '../../../src/daemon/target/target-tracker.js';
import { createMetrics } from '../../../src/metrics/metrics.js';
import { parseTarget } from '../../../src/target/target.js';
import { startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';
import { FAST_SYNC } from '../../helpers/topology.js';

const POLL_MS = 30_000;

describe('a role change reported by another source', () => {
  let node: ServerHandle;
  let upstream: ServerHandle;
  let tracker: TargetTracker;
  const logs: Record<string, unknown>[] = [];
  const events: DaemonEvents = new EventEmitter<DaemonEventMap>();
  const changes: DaemonEventMap['role-change'][0][] = [];
  const runs: DaemonEventMap['kill-run'][0][] = [];
  events.on('role-change', (e) => changes.push(e));
  events.on('kill-run', (e) => runs.push(e));
  /** The app's clients on the node: two left from the contradicted report, one more before the confirmed one. */
  const apps: Redis[] = [];
  const logged = (msg: string) => logs.filter((l) => l.msg === msg);

  beforeAll(async () => {
    node = await startServer(FAST_SYNC);
    upstream = await startServer(FAST_SYNC);
    const cfg = validateConfig(
      {
        admin: { listen: '' },
        targets: [{ name: 'node', url: `redis://${node.addr}` }],
        watch: { pollIntervalMs: POLL_MS, timeoutMs: 1000 },
        policies: [{ name: 'demoted-app', on: 'demoted', filter: 'TYPE normal NAME app' }],
      },
      {},
    );
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
    let polled!: () => void;
    const firstPoll = new Promise<void>((resolve) => (polled = resolve));
    const dedupe = new Dedupe(cfg.watch.dedupeWindowMs);
    const deps = { cfg: () => cfg, dedupe: () => dedupe, metrics: createMetrics(), events, clock: new PollClock(() => POLL_MS), polled };
    tracker = new TargetTracker({ name: 'node', addr: node.addr, target: parseTarget(node.addr) }, deps, logger, logger);
    tracker.start();
    await firstPoll;
    expect(tracker.state).toEqual({ kind: 'master' });
  });
  afterAll(async () => {
    await tracker?.stop(0, 5000);
    await stopAll();
  });

  it('that the node contradicts (a lagging view): the node is asked at once, nothing is killed, and the report is logged', async () => {
    apps.push(...(await Promise.all([0, 1].map(() => node.client({ name: 'app' })))));
    const polls = tracker.watcher.started;
    tracker.reported({ kind: 'replica', of: upstream.addr }, 'cluster');
    await waitFor(() => logged('role change reported but the node itself says otherwise: not acted on').length === 1, 5000, 'the node to be asked');
    expect(tracker.watcher.started).toBe(polls + 1);
    expect(logged('role change reported but the node itself says otherwise: not acted on')[0]).toMatchObject({ reported: `replica of ${upstream.addr}`, role: 'master', source: 'cluster' });
    expect(tracker.state).toEqual({ kind: 'master' });
    expect(changes).toEqual([]);
    expect(runs).toEqual([]);
    for (const c of apps) expect(await c.ping()).toBe('PONG');
    // The same view read again asks nothing more.
    tracker.reported({ kind: 'replica', of: upstream.addr }, 'cluster');
    await new Promise((done) => setTimeout(done, 300));
    expect(tracker.watcher.started).toBe(polls + 1);
  });

  it('that the node confirms: the policies run at once (not at the next 30 s poll), once, with the report as source', async () => {
    // A view that agrees with the node comes first (the lagging node caught up), so the next report is news.
    tracker.reported({ kind: 'master' }, 'cluster');
    apps.push(await node.client({ name: 'app' }));
    const other = await node.client({ name: 'monitoring' });
    await (await node.client()).call('REPLICAOF', '127.0.0.1', String(upstream.port));
    const reportedAt = Date.now();
    tracker.reported({ kind: 'replica', of: upstream.addr }, 'cluster');
    await waitFor(() => runs.length === 1, 5000, 'the demoted policy to run');
    expect(Date.now() - reportedAt).toBeLessThan(POLL_MS);
    expect(changes).toEqual([expect.objectContaining({ target: 'node', event: 'demoted', from: 'master', to: `replica of ${upstream.addr}`, source: 'cluster' })]);
    expect(runs[0]).toMatchObject({ target: 'node', matched: 3, killed: 3, trigger: { kind: 'policy', event: 'demoted' } });
    for (const c of apps) await waitFor(() => c.status === 'end', 5000, 'app client closed');
    expect(await other.ping()).toBe('PONG');
    expect(tracker.state).toEqual({ kind: 'replica', of: upstream.addr });
  });
});
