// SENTINEL FAILOVER with three Sentinels: targets discovered, the demoted policies run on the old master from
// +switch-master (one run, plus at most one sweep per further Sentinel announcing it; the poller adds none),
// subscribers of the other replica go
// on master-changed, and `reconf-agent status` shows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startTestDaemon, stopTestDaemons, tempConfigDir, type TestDaemon } from '../../helpers/daemon.js';
import { freePort, stopAll, waitFor } from '../../helpers/servers.js';
import { failover, roleOf, startSentinelGroup, type SentinelGroup } from '../../helpers/topology.js';

describe('Sentinel failover', () => {
  let g: SentinelGroup;
  let d: TestDaemon;
  const files = tempConfigDir();
  let doc: Record<string, unknown>;
  beforeAll(async () => {
    g = await startSentinelGroup('grp', 2);
    doc = {
      sentinels: g.sentinels.map((s) => ({ url: `redis://${s.addr}` })),
      masters: ['grp'],
      watch: { pollIntervalMs: 200, timeoutMs: 1000, discoveryIntervalMs: 1000 },
      policies: [
        { name: 'writers-off-old-master', on: 'demoted', filter: 'TYPE normal USER default NAME app' },
        { name: 'subscribers-off-old-master', on: 'demoted', filter: 'TYPE pubsub NAME sub' },
        { name: 'subscribers-follow', on: 'master-changed', filter: 'TYPE pubsub' },
      ],
      admin: { listen: `127.0.0.1:${await freePort()}` },
    };
    d = await startTestDaemon(doc);
  });
  afterAll(async () => {
    await stopTestDaemons();
    await stopAll();
    files.cleanup();
  });

  it('discovers the master and both replicas through the Sentinels', () => {
    expect(d.handle.status().targets.map((t) => [t.addr, t.role]).sort()).toEqual(
      [
        [g.master.addr, 'master'],
        [g.replicas[0]!.addr, `replica of ${g.master.addr}`],
        [g.replicas[1]!.addr, `replica of ${g.master.addr}`],
      ].sort(),
    );
    expect(d.handle.status().sentinels.every((s) => s.connected)).toBe(true);
  });

  it('runs the demoted policies on the old master from +switch-master, once, sweeping again only per further Sentinel', async () => {
    const apps = await Promise.all([1, 2, 3].map(() => g.master.client({ name: 'app' })));
    const subs = await Promise.all([1, 2].map(() => g.master.client({ name: 'sub' })));
    for (const s of subs) await s.subscribe('events');
    const newMaster = await failover(g);
    const oldName = g.master.addr;

    await waitFor(async () => d.runs(oldName).length >= 2, 15_000, 'demoted policies on the old master');
    const fromSentinel = d.seen['role-change'].find((e) => e.target === oldName && e.source === 'sentinel');
    expect(fromSentinel).toMatchObject({ event: 'demoted', from: 'master', to: `replica of ${newMaster}` });
    expect(d.runs(oldName, 'writers-off-old-master')[0]).toMatchObject({ killed: 3, trigger: { event: 'demoted' } });
    expect(d.runs(oldName, 'subscribers-off-old-master')[0]).toMatchObject({ killed: 2 });
    for (const c of [...apps, ...subs]) await waitFor(async () => c.status === 'end', 5000, 'stale client closed');

    // Sentinel converts the old master later; the poller then sees the same change: no second run.
    // Further Sentinels announcing the switch sweep the node once each; no client dies twice.
    await waitFor(async () => (await roleOf(g.master)) === `replica of ${newMaster}`, 30_000, 'Sentinel to convert the old master');
    await waitFor(async () => d.handle.status().targets.find((t) => t.addr === oldName)?.state === 'replica', 10_000, 'the poller to see it');
    for (const [policy, victims] of [['writers-off-old-master', 3], ['subscribers-off-old-master', 2]] as const) {
      const runs = d.runs(oldName, policy);
      expect(runs.length).toBeGreaterThanOrEqual(1);
      expect(runs.length).toBeLessThanOrEqual(g.sentinels.length);
      expect(runs.filter((r) => !r.trigger.change?.endsWith('(sweep)'))).toHaveLength(1);
      expect(runs.reduce((n, r) => n + r.killed, 0)).toBe(victims);
    }
    expect(d.handle.status().targets.find((t) => t.addr === oldName)?.lastChange).toMatchObject({ source: 'sentinel', handled: 'ran' });
    expect(await d.handle.metrics()).toMatch(new RegExp(`reconf_agent_duplicate_reactions_total\\{target="${oldName}",event="demoted"\\} [1-9]`));
  });

  it('moves the other replica\'s subscribers on master-changed', async () => {
    const newMaster = d.handle.status().targets.find((t) => t.state === 'master')!.addr;
    const other = g.replicas.find((r) => r.addr !== newMaster)!;
    await waitFor(async () => d.runs(other.addr, 'subscribers-follow').length === 1, 20_000, 'master-changed on the other replica');
    expect(d.runs(other.addr, 'subscribers-follow')[0]).toMatchObject({ trigger: { event: 'master-changed', change: `replica of ${g.master.addr} -> replica of ${newMaster}` } });
  });

  it('`reconf-agent status` prints the targets, their roles and last changes', async () => {
    const res = await runCli(['status', '-c', files.write('config.yaml', doc)]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/TARGET\s+ADDR\s+ROLE/);
    expect(res.stdout).toContain(`demoted (master -> replica of`);
    expect(res.stdout).toMatch(/(writers|subscribers)-off-old-master: killed \d\/\d/);
    expect(res.stdout).toMatch(/SENTINEL\s+CONNECTED/);
  });
});
