/** Role changes a policy can react to. */
export const EVENTS = ['demoted', 'promoted', 'master-changed'] as const;
export type RoleEvent = (typeof EVENTS)[number];

/** Kill in batches: `size` clients, then a pause of `pauseMs`. */
export interface Batch {
  readonly size: number;
  readonly pauseMs: number;
}

/** Why a kill run happened: which policy, reaper or hook, and for which role change. */
export interface Trigger {
  readonly kind: 'policy' | 'reaper' | 'hook' | 'cli';
  readonly name: string;
  readonly event?: RoleEvent;
  /** The role change in words, e.g. `master -> replica of 10.0.0.6:6379`. */
  readonly change?: string;
}
