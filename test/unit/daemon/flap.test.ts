// Flap detection: more than maxChanges role changes within windowMs hold a target until it is stable for a window.
import { describe, expect, it } from 'vitest';
import { noFlaps, recordChange, releaseIfStable, type FlapState } from '../../../src/daemon/target/flap.js';

const o = { windowMs: 1000, maxChanges: 2 };
const run = (times: number[], opts = o) => {
  let s: FlapState = noFlaps;
  return times.map((t) => {
    const v = recordChange(s, t, opts);
    s = v.state;
    return [v.held, v.newlyHeld];
  });
};

describe('recordChange', () => {
  it.each([
    ['two changes: not held', [0, 100], [[false, false], [false, false]]],
    ['the third change in the window starts the hold', [0, 100, 200], [[false, false], [false, false], [true, true]]],
    ['held stays held, newlyHeld only once', [0, 100, 200, 300], [[false, false], [false, false], [true, true], [true, false]]],
    ['changes spread wider than the window never hold', [0, 600, 1200, 1800], [[false, false], [false, false], [false, false], [false, false]]],
  ])('%s', (_, times, verdicts) => {
    expect(run(times)).toEqual(verdicts);
  });

  it('maxChanges 0 never holds', () => {
    expect(run([0, 1, 2, 3], { windowMs: 1000, maxChanges: 0 }).every(([held]) => !held)).toBe(true);
  });
});

describe('releaseIfStable', () => {
  const held = recordChange(recordChange(recordChange(noFlaps, 0, o).state, 100, o).state, 200, o).state;
  it.each([
    ['not yet a window since the last change', 1100, false],
    ['a whole window after the last change', 1200, true],
  ])('%s', (_, now, released) => {
    expect(releaseIfStable(held, now, o).released).toBe(released);
  });
  it('a release forgets the old changes', () => {
    expect(releaseIfStable(held, 5000, o).state).toEqual(noFlaps);
  });
  it('a target that is not held has nothing to release', () => {
    expect(releaseIfStable(noFlaps, 5000, o).released).toBe(false);
  });
});
