// Reapers against a real server: a seconds-field schedule kills idle clients and spares active ones, in paced
// batches, never overlapping itself; maxKills refuses and reports; `reap NAME --once` and its exit codes.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClientList } from '../../../src/kill/filter/client-list.js';
import { runCli } from '../../helpers/cli.js';
import { startTestDaemon, stopTestDaemons, tempConfigDir, type TestDaemon } from '../../helpers/daemon.js';
import { freePort, startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';

const reapers = [
  { name: 'idle-pool', schedule: '* * * * * *', roles: ['master'], filter: 'TYPE normal NAME pool IDLE 2', batch: { size: 2, pauseMs: 700 } },
  { name: 'capped', schedule: '0 0 1 1 *', roles: ['master', 'replica'], filter: 'TYPE normal NAME capped', maxKills: 2 },
  { name: 'replicas-only', schedule: '0 0 1 1 *', roles: ['replica'], filter: 'TYPE normal' },
];

describe('reapers in the daemon', () => {
  let server: ServerHandle;
  let d: TestDaemon;
  let idle: Redis[];
  let active: Redis[];
  const busy: NodeJS.Timeout[] = [];
  beforeAll(async () => {
    server = await startServer();
    idle = await Promise.all([1, 2, 3, 4, 5].map(() => server.client({ name: 'pool' })));
    active = await Promise.all([1, 2].map(() => server.client({ name: 'pool' })));
    for (const c of active) busy.push(setInterval(() => void c.ping().catch(() => undefined), 200));
    // The daemon starts once all five are idle past IDLE 2, so its first tick finds them together
    // (made across a second boundary, they would otherwise cross it one tick apart).
    const ids = new Set(await Promise.all(idle.map(async (c) => String(await c.call('CLIENT', 'ID')))));
    const admin = await server.client();
    await waitFor(
      async () => parseClientList(String(await admin.call('CLIENT', 'LIST'))).filter((c) => ids.has(c.id) && c.idle >= 2).length === 5,
      10_000,
      'the pool clients to be idle 2 s',
    );
    await admin.quit();
    d = await startTestDaemon({ targets: [{ name: 'cache', url: `redis://${server.addr}` }], watch: { pollIntervalMs: 200 }, reapers });
  });
  afterAll(async () => {
    for (const t of busy) clearInterval(t);
    await stopTestDaemons();
    await stopAll();
  });

  it('kills idle clients in paced batches, spares active ones, and skips ticks while a run is going', async () => {
    await waitFor(async () => d.runs('cache', 'idle-pool').some((r) => r.killed > 0), 20_000, 'the reaper to kill the idle clients');
    const run = d.runs('cache', 'idle-pool').find((r) => r.killed > 0)!;
    expect(run).toMatchObject({ matched: 5, killed: 5, trigger: { kind: 'reaper', name: 'idle-pool' } });
    expect(run.durationMs).toBeGreaterThanOrEqual(2 * 700); // three batches of at most 2: two pauses
    for (const c of idle) await waitFor(async () => c.status === 'end', 5000, 'idle client closed');
    for (const c of active) expect(await c.ping()).toBe('PONG');
    await waitFor(async () => /reconf_agent_reaper_runs_total\{reaper="idle-pool",outcome="skipped"\} [1-9]/.test(await d.handle.metrics()), 5000, 'a skipped tick');
    expect(d.handle.status().reapers.find((r) => r.name === 'idle-pool')).toMatchObject({ schedule: '* * * * * *' });
  });

  it('refuses and reports when more clients match than maxKills', async () => {
    const capped = await Promise.all([1, 2, 3].map(() => server.client({ name: 'capped' })));
    const r = (await d.handle.runReaper('capped'))!;
    expect(r.refused).toBe(true);
    expect(r.results[0]).toMatchObject({ matched: 3, killed: 0, refused: true, error: { code: 'MAX_KILLS_EXCEEDED' } });
    for (const c of capped) expect(await c.ping()).toBe('PONG');
    expect(await d.handle.metrics()).toContain('reconf_agent_kill_errors_total{target="cache",policy="capped",code="MAX_KILLS_EXCEEDED"} 1');
  });

  it('applies only to targets in its roles', async () => {
    const r = (await d.handle.runReaper('replicas-only'))!;
    expect(r).toMatchObject({ results: [], unreachable: [], refused: false });
  });
});

describe('reconf-agent reap NAME --once', () => {
  let server: ServerHandle;
  const files = tempConfigDir();
  let good: string;
  beforeAll(async () => {
    server = await startServer();
    good = files.write('good.yaml', { targets: [{ name: 'cache', url: `redis://${server.addr}` }], reapers });
  });
  afterAll(async () => {
    await stopAll();
    files.cleanup();
  });

  it('exits 0 when the run went through', async () => {
    const doomed = await server.client({ name: 'capped' });
    const res = await runCli(['reap', 'capped', '--once', '-c', good]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/cache\s+master\s+killed 1/);
    await waitFor(async () => doomed.status === 'end', 5000, 'the client to close');
  });

  it('exits 75 when maxKills refused', async () => {
    await Promise.all([1, 2, 3].map(() => server.client({ name: 'capped' })));
    const res = await runCli(['reap', 'capped', '--once', '-c', good]);
    expect(res.code).toBe(75);
    expect(res.stdout).toContain('REFUSED: 3 match, maxKills 2');
  });

  it('exits 69 when a target is unreachable, after reaping the others', async () => {
    const path = files.write('down.yaml', { targets: [{ name: 'cache', url: `redis://${server.addr}` }, { name: 'gone', url: `redis://127.0.0.1:${await freePort()}` }], watch: { timeoutMs: 500 }, reapers });
    const res = await runCli(['reap', 'replicas-only', '--once', '-c', path]);
    expect(res.code).toBe(69);
    expect(res.stdout).toMatch(/gone\s+-\s+UNREACHABLE/);
    expect(res.stdout).toMatch(/cache\s+master\s+skipped/);
  });

  it('exits 69 when a kill run reaches the target but the server refuses it', async () => {
    const path = files.write('refused.yaml', {
      targets: [{ name: 'cache', url: `redis://${server.addr}` }],
      reapers: [{ name: 'ghost-user', schedule: '0 3 * * *', filter: 'USER nosuchuser' }],
    });
    const res = await runCli(['reap', 'ghost-user', '--once', '-c', path]);
    expect(res.code).toBe(69);
    expect(res.stdout).toMatch(/cache\s+master\s+SERVER_REFUSED: .*No such user 'nosuchuser'/);
  });

  it('exits 64 for an unknown reaper or without --once, 78 for a bad config', async () => {
    const unknown = await runCli(['reap', 'nosuch', '--once', '-c', good]);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain("no reaper named 'nosuch' in the config; configured: idle-pool, capped, replicas-only");
    expect((await runCli(['reap', 'capped', '-c', good])).code).toBe(64);
    const bad = files.write('bad.yaml', { targets: [{ url: server.addr }], reapers: [{ name: 'x', schedule: '61 * * * *', filter: 'TYPE normal' }] });
    const res = await runCli(['reap', 'x', '--once', '-c', bad]);
    expect(res.code).toBe(78);
    expect(res.stderr).toContain('reapers[0].schedule');
  });
});
