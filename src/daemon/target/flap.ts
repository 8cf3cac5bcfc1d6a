/**
 * Flap detection, pure: a target whose role changes more than `maxChanges` times within
 * `windowMs` is held (its changes raise no policy runs) until it has been stable for a
 * whole window. `maxChanges: 0` turns holding off.
 */
export interface FlapOptions {
  readonly windowMs: number;
  readonly maxChanges: number;
}

export interface FlapState {
  /** Times of the changes still inside the window. */
  readonly changes: readonly number[];
  readonly heldSince?: number;
}

export const noFlaps: FlapState = { changes: [] };

export interface FlapVerdict {
  readonly state: FlapState;
  readonly held: boolean;
  /** This change is the one that started the hold. */
  readonly newlyHeld: boolean;
}

/** Count one change at `now` and say whether the target is held. */
export const recordChange = (s: FlapState, now: number, o: FlapOptions): FlapVerdict => {
  const changes = [...s.changes.filter((t) => now - t < o.windowMs), now];
  const over = o.maxChanges > 0 && changes.length > o.maxChanges;
  const held = s.heldSince !== undefined || over;
  const heldSince = s.heldSince ?? (over ? now : undefined);
  return { state: { changes, ...(heldSince !== undefined && { heldSince }) }, held, newlyHeld: held && s.heldSince === undefined };
};

/** Release a hold once the last change is a whole window old. */
export const releaseIfStable = (s: FlapState, now: number, o: FlapOptions): { state: FlapState; released: boolean } => {
  if (s.heldSince === undefined) return { state: s, released: false };
  const last = s.changes[s.changes.length - 1] ?? s.heldSince;
  return now - last >= o.windowMs ? { state: noFlaps, released: true } : { state: s, released: false };
};
