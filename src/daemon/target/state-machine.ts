import type { RoleEvent } from '../../config/types.js';
import { IllegalTransitionError } from '../errors.js';
import { roleText, sameRole, type ObservedRole } from './role.js';

/** Where one watched target stands. `down` remembers the last role seen, to compare with on return. */
export type TargetState =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'master' }
  | { readonly kind: 'replica'; readonly of: string }
  | { readonly kind: 'down'; readonly last?: ObservedRole };

export type StateKind = TargetState['kind'];

/** Every move a target may make. Nothing returns to `unknown`: it is only where a target starts. */
export const allowedTransitions: Readonly<Record<StateKind, readonly StateKind[]>> = {
  unknown: ['master', 'replica', 'down'],
  master: ['master', 'replica', 'down'],
  replica: ['master', 'replica', 'down'],
  down: ['down', 'master', 'replica'],
};

/** What the watcher saw on one poll. `restarted`: INFO run_id differs from the last connection's. */
export type Observation = { readonly kind: 'observed'; readonly role: ObservedRole; readonly restarted: boolean } | { readonly kind: 'unreachable' };

/** A role change that policies react to. `newMaster` is host:port, or `self` on a promotion. */
export interface RoleChange {
  readonly event: RoleEvent;
  readonly from: ObservedRole;
  readonly to: ObservedRole;
  readonly newMaster: string;
}

export interface Step {
  readonly state: TargetState;
  readonly change?: RoleChange;
  /** The target came back with a new run id: its clients and ids started over, no event is raised. */
  readonly restarted?: boolean;
}

export const initialState: TargetState = { kind: 'unknown' };

/** The last role a state knows of (the role itself, or what a `down` state remembers). */
export const knownRole = (s: TargetState): ObservedRole | undefined =>
  s.kind === 'master' ? { kind: 'master' } : s.kind === 'replica' ? { kind: 'replica', of: s.of } : s.kind === 'down' ? s.last : undefined;

/** The event one role change raises, if any: demoted, promoted or master-changed. Pure. */
export const classify = (from: ObservedRole, to: ObservedRole): RoleChange | undefined => {
  if (sameRole(from, to)) return undefined;
  if (from.kind === 'master' && to.kind === 'replica') return { event: 'demoted', from, to, newMaster: to.of };
  if (from.kind === 'replica' && to.kind === 'master') return { event: 'promoted', from, to, newMaster: 'self' };
  if (from.kind === 'replica' && to.kind === 'replica') return { event: 'master-changed', from, to, newMaster: to.of };
  return undefined;
};

const stateOf = (r: ObservedRole): TargetState => (r.kind === 'master' ? { kind: 'master' } : { kind: 'replica', of: r.of });

const checked = (from: TargetState, to: TargetState): TargetState => {
  if (!allowedTransitions[from.kind].includes(to.kind)) throw new IllegalTransitionError(`illegal transition ${from.kind} -> ${to.kind}`);
  return to;
};

/**
 * One step of a target's state machine. Pure. A change is judged against the last known role,
 * so a master that was unreachable and comes back as a replica is still `demoted`; a restart
 * (new run id) re-bases the state without an event, since the restart itself closed every client.
 */
export const step = (s: TargetState, o: Observation): Step => {
  const before = knownRole(s);
  if (o.kind === 'unreachable') return { state: checked(s, { kind: 'down', ...(before && { last: before }) }) };
  const next = checked(s, stateOf(o.role));
  if (o.restarted) return { state: next, restarted: true };
  const change = before && classify(before, o.role);
  return change ? { state: next, change } : { state: next };
};

/** `master -> replica of 10.0.0.6:6379`: the change in words, for audit lines. */
export const changeText = (c: Pick<RoleChange, 'from' | 'to'>): string => `${roleText(c.from)} -> ${roleText(c.to)}`;

/** The state in words for status and logs: `master`, `replica of x`, `down`, `unknown`. */
export const stateText = (s: TargetState): string => (s.kind === 'master' || s.kind === 'replica' ? roleText(s) : s.kind);
