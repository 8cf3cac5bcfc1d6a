// `reconf-agent status` rendering of the /status document: targets, reapers, Sentinels and clusters as aligned tables.
import { describe, expect, it } from 'vitest';
import { renderStatus } from '../../../src/cli/commands/status.js';
import type { DaemonStatus } from '../../../src/daemon/status.js';

const now = Date.parse('2026-01-01T00:10:00Z');
const status: DaemonStatus = {
  version: '0.1.0',
  pid: 42,
  startedAt: '2026-01-01T00:00:00.000Z',
  ready: true,
  dryRun: false,
  targets: [
    {
      name: 'old',
      addr: '10.0.0.5:6379',
      state: 'replica',
      role: 'replica of 10.0.0.6:6379',
      up: true,
      held: false,
      lastChange: { event: 'demoted', from: 'master', to: 'replica of 10.0.0.6:6379', source: 'sentinel', at: '2026-01-01T00:09:30.000Z', handled: 'ran' },
      lastRuns: [{ trigger: 'writers', event: 'demoted', matched: 12, killed: 12, dryRun: false, refused: false, durationMs: 3 }],
    },
    { name: 'gone', addr: '10.0.0.7:6379', state: 'down', role: 'down', up: false, held: true, lastRuns: [] },
  ],
  reapers: [{ name: 'idle', schedule: '*/5 * * * *', roles: ['master', 'replica'], running: false, nextRun: '2026-01-01T00:15:00.000Z', lastRun: { at: '2026-01-01T00:05:00.000Z', durationMs: 5, matched: 4, killed: 0, refused: true, unreachable: ['gone'] } }],
  sentinels: [{ name: 's1', connected: true }],
  clusters: [
    {
      name: 'cache',
      seeds: ['10.0.1.1:7000', '10.0.1.2:7000'],
      source: 'CLUSTER SHARDS',
      seed: '10.0.1.1:7000',
      lastRefreshAt: '2026-01-01T00:09:57.000Z',
      error: 'no seed of cluster \'cache\' answered',
      nodes: [
        { id: 'a', addr: '10.0.1.1:7000', role: 'master', slots: ['0-5460', '5462'], health: 'online' },
        { id: 'b', addr: '10.0.1.2:7000', role: 'replica', of: '10.0.1.1:7000', slots: [], health: 'online' },
        { id: 'c', addr: '10.0.1.3:7000', role: 'master', slots: [], health: 'failed' },
      ],
    },
  ],
};

describe('renderStatus', () => {
  it('prints one row per target, reaper and Sentinel', () => {
    const lines = renderStatus(status, now).split('\n');
    expect(lines[0]).toBe('reconf-agent 0.1.0 (pid 42) since 2026-01-01T00:00:00.000Z: ready');
    expect(lines.find((l) => l.startsWith('old'))).toMatch(/old\s+10\.0\.0\.5:6379\s+replica of 10\.0\.0\.6:6379\s+yes\s+-\s+demoted \(master -> replica of 10\.0\.0\.6:6379\) via sentinel, ran 30s ago\s+writers: killed 12\/12/);
    expect(lines.find((l) => l.startsWith('gone'))).toMatch(/gone\s+10\.0\.0\.7:6379\s+down\s+no\s+HELD\s+-\s+-/);
    expect(lines.find((l) => l.startsWith('idle'))).toContain('5m ago: killed 0/4, REFUSED, unreachable: gone');
    expect(lines.find((l) => l.startsWith('s1'))).toMatch(/s1\s+yes/);
  });

  it('prints each cluster: where its topology came from, then its nodes with their roles, slots and health', () => {
    const lines = renderStatus(status, now).split('\n');
    expect(lines).toContain("cluster cache (seeds 10.0.1.1:7000 10.0.1.2:7000): 3 nodes, CLUSTER SHARDS from 10.0.1.1:7000, 3s ago; last refresh failed: no seed of cluster 'cache' answered");
    expect(lines.find((l) => l.startsWith('CLUSTER'))).toMatch(/^CLUSTER\s+NODE\s+ROLE\s+SLOTS\s+HEALTH$/);
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^cache\s+10\.0\.1\.1:7000\s+master\s+0-5460,5462\s+online$/),
      expect.stringMatching(/^cache\s+10\.0\.1\.2:7000\s+replica of 10\.0\.1\.1:7000\s+-\s+online$/),
      expect.stringMatching(/^cache\s+10\.0\.1\.3:7000\s+master\s+-\s+failed$/),
    ]));
  });
});
