import type { KillRunResult } from '../kill/kill-run.js';
import type { ClusterStatus } from './cluster/cluster-link.js';
import type { ReaperStatus } from './reaper-scheduler.js';
import { roleText } from './target/role.js';
import { stateText } from './target/state-machine.js';
import type { TargetTracker } from './target/target-tracker.js';

export interface RunSummary {
  readonly trigger: string;
  readonly event?: string;
  readonly matched: number;
  readonly killed: number;
  readonly dryRun: boolean;
  readonly refused: boolean;
  readonly error?: string;
  readonly durationMs: number;
}

export interface TargetStatus {
  readonly name: string;
  readonly addr: string;
  readonly master?: string;
  readonly cluster?: string;
  /** unknown, master, replica, down */
  readonly state: string;
  /** `master`, `replica of host:port`, `down`, `unknown` */
  readonly role: string;
  readonly up: boolean;
  readonly held: boolean;
  readonly runId?: string;
  readonly lastPollAt?: string;
  readonly lastChange?: { readonly event: string; readonly from: string; readonly to: string; readonly source: string; readonly at: string; readonly handled: string };
  readonly lastRuns: readonly RunSummary[];
}

/** The /status document. */
export interface DaemonStatus {
  readonly version: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly ready: boolean;
  readonly dryRun: boolean;
  readonly targets: readonly TargetStatus[];
  readonly reapers: readonly ReaperStatus[];
  readonly sentinels: readonly { readonly name: string; readonly connected: boolean }[];
  readonly clusters: readonly ClusterStatus[];
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export const runSummary = (r: KillRunResult): RunSummary => ({
  trigger: r.trigger.name,
  ...(r.trigger.event && { event: r.trigger.event }),
  matched: r.matched,
  killed: r.killed,
  dryRun: r.dryRun,
  refused: r.refused,
  ...(r.error && { error: r.error.code }),
  durationMs: r.durationMs,
});

/** One target's status, from its tracker. */
export const targetStatus = (t: TargetTracker): TargetStatus => {
  const c = t.lastChange;
  const polled = iso(t.lastPollAt);
  return {
    name: t.target.name,
    addr: t.target.addr,
    ...(t.target.master && { master: t.target.master }),
    ...(t.target.cluster && { cluster: t.target.cluster }),
    state: t.state.kind,
    role: stateText(t.state),
    up: t.up === true,
    held: t.held(),
    ...(t.runId && { runId: t.runId }),
    ...(polled && { lastPollAt: polled }),
    ...(c && { lastChange: { event: c.change.event, from: roleText(c.change.from), to: roleText(c.change.to), source: c.source, at: iso(c.at)!, handled: c.handled } }),
    lastRuns: t.lastRuns.map(runSummary),
  };
};
