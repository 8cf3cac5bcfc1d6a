// `reconf-agent status` rendering of the /status document: targets, reapers and Sentinels as aligned tables.
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
});
