// The daemon's metrics: every name prefixed, labels are names (never client ids or addresses), kill runs counted by
// outcome, event-loop lag exposed through prom-client's default metrics.
import { describe, expect, it } from 'vitest';
import type { KillRunResult } from '../../../src/kill/kill-run.js';
import { createMetrics, recordKillRun, setRole } from '../../../src/metrics/metrics.js';

const run = (over: Partial<KillRunResult>): KillRunResult => ({
  target: 'cache',
  trigger: { kind: 'policy', name: 'writers', event: 'demoted' },
  filter: 'TYPE normal',
  plan: 'native',
  matched: 3,
  killed: 3,
  durationMs: 1,
  listMs: 0,
  killMs: 0,
  dryRun: false,
  refused: false,
  ...over,
});

describe('metrics', () => {
  it('prefixes every name and labels only with names', async () => {
    // prom-client's default metrics add heap `space`, GC `kind`, resource `type` and Node's version parts.
    const defaults = ['space', 'kind', 'type', 'major', 'minor', 'patch'];
    const allowed = new Set(['target', 'policy', 'trigger', 'outcome', 'code', 'event', 'source', 'role', 'reaper', 'sentinel', 'version', 'node', 'le', ...defaults]);
    const m = createMetrics();
    recordKillRun(m, 'cache', run({}));
    setRole(m, 'cache', 'master');
    for (const metric of (await m.registry.getMetricsAsJSON()) as { name: string; values: { labels: Record<string, unknown> }[] }[]) {
      expect(metric.name).toMatch(/^reconf_agent_/);
      for (const v of metric.values) for (const label of Object.keys(v.labels)) expect(allowed, `${metric.name} ${label}`).toContain(label);
    }
  });

  it('exposes the event-loop lag', async () => {
    const text = await createMetrics().registry.metrics();
    expect(text).toMatch(/^reconf_agent_nodejs_eventloop_lag_seconds \S+$/m);
    expect(text).toMatch(/^reconf_agent_nodejs_eventloop_lag_p99_seconds \S+$/m);
  });

  it('reports each target\'s poll count as it is when scraped, the same count for a name across reloads', async () => {
    const m = createMetrics();
    const cache = m.pollCount('cache');
    cache.polls += 3;
    m.pollCount('store').polls++;
    expect(await m.registry.metrics()).toMatch(/^reconf_agent_role_polls_total\{target="cache"\} 3$/m);
    m.pollCount('cache').polls++; // a tracker made again for the same target after a reload
    const text = await m.registry.metrics();
    expect(text).toMatch(/^reconf_agent_role_polls_total\{target="cache"\} 4$/m);
    expect(text).toMatch(/^reconf_agent_role_polls_total\{target="store"\} 1$/m);
  });

  it.each([
    ['ok', run({}), 3],
    ['dry_run', run({ dryRun: true, killed: 0 }), 0],
    ['refused', run({ refused: true, killed: 0, error: { code: 'MAX_KILLS_EXCEEDED', message: 'x' } }), 0],
    ['error', run({ killed: 0, error: { code: 'UNREACHABLE', message: 'x' } }), 0],
  ])('counts a %s run', async (outcome, r, killed) => {
    const m = createMetrics();
    recordKillRun(m, 'cache', r);
    const text = await m.registry.metrics();
    expect(text).toContain(`reconf_agent_kill_runs_total{target="cache",policy="writers",trigger="demoted",outcome="${outcome}"} 1`);
    expect(text).toContain(`reconf_agent_clients_killed_total{target="cache",policy="writers",trigger="demoted"} ${killed}`);
    if (r.error) expect(text).toContain(`reconf_agent_kill_errors_total{target="cache",policy="writers",code="${r.error.code}"} 1`);
  });

  it('observes the server time of runs that reached the server, in seconds, and not of runs that did not compile', async () => {
    const m = createMetrics();
    recordKillRun(m, 'cache', run({ plan: 'emulated', listMs: 30, killMs: 2500 }));
    recordKillRun(m, 'cache', run({ plan: 'none', killed: 0, error: { code: 'BAD_FILTER', message: 'x' } }));
    const text = await m.registry.metrics();
    expect(text).toContain('reconf_agent_kill_list_seconds_sum{target="cache"} 0.03');
    expect(text).toContain('reconf_agent_kill_list_seconds_count{target="cache"} 1');
    expect(text).toContain('reconf_agent_kill_phase_seconds_sum{target="cache"} 2.5');
    expect(text).toContain('reconf_agent_kill_phase_seconds_bucket{le="5",target="cache"} 1');
  });

  it('labels a reaper run by its kind', async () => {
    const m = createMetrics();
    recordKillRun(m, 'cache', run({ trigger: { kind: 'reaper', name: 'idle' } }));
    expect(await m.registry.metrics()).toContain('reconf_agent_clients_killed_total{target="cache",policy="idle",trigger="reaper"} 3');
  });
});
