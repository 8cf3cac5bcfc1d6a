// onlyBeforeChange is exact, even when the run is held back: the old master is under CLIENT PAUSE across a
// Sentinel failover, so the demoted run (and its sweeps) can only start seconds after the switch. Every client
// connected before the switch dies; every client that connected 0.2-1.2 s after it survives, because the run
// kills only ids below the watermark taken when +switch-master was heard, not by age in whole seconds.
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, stopTestDaemons, type TestDaemon } from '../../helpers/daemon.js';
import { stopAll, waitFor } from '../../helpers/servers.js';
import { currentMaster, startSentinelGroup, type SentinelGroup } from '../../helpers/topology.js';

/** A plain TCP client: the server accepts it (and gives it an id) even while paused, before any command runs. */
const rawClient = (port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });

/** PING over a raw socket: proves the connection is still open server-side. */
const pingRaw = (s: Socket): Promise<boolean> =>
  new Promise((resolve) => {
    if (s.destroyed) return resolve(false);
    s.once('data', (d: Buffer) => resolve(d.toString().startsWith('+PONG')));
    s.once('close', () => resolve(false));
    s.write('PING\r\n');
  });

describe('onlyBeforeChange with the run held back by CLIENT PAUSE', () => {
  let g: SentinelGroup;
  let d: TestDaemon;
  const later: Socket[] = [];
  beforeAll(async () => {
    g = await startSentinelGroup('obc', 1);
    d = await startTestDaemon({
      sentinels: g.sentinels.map((s) => ({ url: `redis://${s.addr}` })),
      masters: ['obc'],
      watch: { pollIntervalMs: 200, timeoutMs: 500, discoveryIntervalMs: 1000 },
      policies: [{ name: 'before-only', on: 'demoted', filter: 'TYPE normal', onlyBeforeChange: true }],
    });
  });
  afterAll(async () => {
    for (const s of later) s.destroy();
    await stopTestDaemons();
    await stopAll();
  });

  it('kills every pre-switch client and spares every client that connected after the switch', async () => {
    const old = g.master.addr;
    const before = await Promise.all([1, 2, 3].map(() => g.master.client({ name: 'app' })));
    // Long enough to cover the failover and the late connections; the run can only start after it.
    await (await g.master.client()).call('CLIENT', 'PAUSE', '12000', 'ALL');
    const paused = Date.now();
    // Asked at once (before the Sentinels see the pause as a failure); should it be refused, they fail over on their own.
    await (await g.sentinels[0]!.client()).call('SENTINEL', 'FAILOVER', 'obc').catch(() => undefined);
    await waitFor(async () => d.seen['role-change'].some((e) => e.target === old && e.source === 'sentinel'), 20_000, '+switch-master for the old master');
    const switched = Date.now();
    for (const at of [200, 500, 800, 1200]) {
      await sleep(Math.max(0, at - (Date.now() - switched)));
      later.push(await rawClient(g.master.port));
    }
    expect(Date.now() - paused).toBeLessThan(12_000); // they connected while the old master was still paused
    expect(await currentMaster(g)).not.toBe(old);

    await waitFor(async () => d.runs(old, 'before-only').some((r) => !r.error), 30_000, 'the demoted run once the pause ends');
    const run = d.runs(old, 'before-only').find((r) => !r.error)!;
    expect(run.killed).toBeGreaterThanOrEqual(before.length);
    for (const c of before) await waitFor(async () => c.status === 'end', 5000, 'a pre-switch client to be closed');
    for (const s of later) expect(await pingRaw(s)).toBe(true);
    // Sweeps by the other Sentinels use the same watermark: still nobody from after the switch.
    await sleep(1000);
    for (const s of later) expect(await pingRaw(s)).toBe(true);
  });
});
