// A reload that changes watch.timeoutMs, the dedupe window and the flap settings keeps every target's tracker:
// its role, flap hold, last change and runs stay, no target is watched anew, no change is raised again, and the
// new settings are used from the next poll on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { startTestDaemon, stopTestDaemons } from '../../helpers/daemon.js';
import { startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';
import { FAST_SYNC } from '../../helpers/topology.js';

describe('reload keeps target state', () => {
  let node: ServerHandle;
  let upstream: ServerHandle;
  beforeAll(async () => {
    node = await startServer(FAST_SYNC);
    upstream = await startServer(FAST_SYNC);
  });
  afterAll(async () => {
    await stopTestDaemons();
    await stopAll();
  });

  it('keeps role, flap hold, last change and runs across a reload of watch settings', async () => {
    const doc = (timeoutMs: number, dedupeWindowMs: number) => ({
      targets: [{ name: 'node', url: `redis://${node.addr}` }],
      watch: { pollIntervalMs: 100, timeoutMs, dedupeWindowMs, flapMaxChanges: 1, flapWindowMs: 60_000 },
      policies: [{ name: 'on-demote', on: 'demoted', filter: 'TYPE normal NAME app' }],
      admin: { listen: '' },
    });
    const d = await startTestDaemon(doc(1000, 30_000));
    await (await node.client({ name: 'app' })).ping();
    await (await node.client()).call('REPLICAOF', '127.0.0.1', String(upstream.port));
    await waitFor(async () => d.runs('node').length === 1, 10_000, 'the demoted run');
    await (await node.client()).call('REPLICAOF', 'NO', 'ONE'); // a second change in the window: held
    await waitFor(async () => d.seen.held.length === 1, 10_000, 'the flap hold');
    const before = d.handle.status().targets[0]!;
    const watching = () => d.logs.filter((l) => l.msg === 'watching target').length;
    const watchedBefore = watching();

    await d.handle.reload(validateConfig(doc(1500, 20_000), {}));
    const polled = before.lastPollAt;
    await waitFor(async () => d.handle.status().targets[0]!.lastPollAt !== polled, 10_000, 'a poll after the reload');
    const after = d.handle.status().targets[0]!;
    expect(watching()).toBe(watchedBefore);
    expect(after).toMatchObject({ role: 'master', up: true, held: true, lastChange: before.lastChange, lastRuns: before.lastRuns });
    expect(d.seen['role-change']).toHaveLength(2);
    expect(d.seen['target-down']).toEqual([]);
    await d.stop();
  });
});
