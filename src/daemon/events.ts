import type { EventEmitter } from 'node:events';
import type { KillRunResult } from '../kill/kill-run.js';
import type { RoleEvent } from '../config/types.js';
import type { ReaperRunResult } from './reaper-run.js';

/** Who reported a role change: the ROLE poller, a Sentinel event, or a cluster's topology (CLUSTER SHARDS/NODES). */
export type ChangeSource = 'poll' | 'sentinel' | 'cluster';

export interface RoleChangeEvent {
  readonly target: string;
  /** Role in words: `master`, `replica of host:port`. */
  readonly from: string;
  readonly to: string;
  readonly event: RoleEvent;
  readonly source: ChangeSource;
  /** Detection time, epoch ms. */
  readonly at: number;
}

/** What the daemon reports as it goes; `events` on the DaemonHandle. */
export interface DaemonEventMap {
  'role-change': [RoleChangeEvent];
  'kill-run': [KillRunResult];
  /** The target flaps: its role changes raise no policy runs until it is stable for flapWindowMs. */
  held: [{ readonly target: string }];
  /** A held target has been stable for a whole window; policies run again. */
  released: [{ readonly target: string }];
  'target-down': [{ readonly target: string; readonly error: string }];
  'target-up': [{ readonly target: string }];
  /** The target came back with a new INFO run_id. */
  restarted: [{ readonly target: string; readonly runId: string }];
  'reaper-run': [ReaperRunResult];
}

export type DaemonEvents = EventEmitter<DaemonEventMap>;
