// One change, one policy run: the dedupe of reactions keyed by target + event + new master within a window.
import { describe, expect, it } from 'vitest';
import { Dedupe, reactionKey } from '../../../src/daemon/dedupe.js';

const k1 = reactionKey('a', 'demoted', 'b:1');

describe('Dedupe', () => {
  it('runs the first report and drops the same change from a second source', () => {
    const d = new Dedupe(1000);
    expect(d.claim('a', k1, 0)).toBe(true);
    expect(d.claim('a', k1, 10)).toBe(false);
  });
  it('runs the same key again after the window', () => {
    const d = new Dedupe(1000);
    d.claim('a', k1, 0);
    expect(d.claim('a', k1, 1000)).toBe(true);
  });
  it('a different change in between lets the first one run again (demoted, promoted, demoted)', () => {
    const d = new Dedupe(60_000);
    expect(d.claim('a', k1, 0)).toBe(true);
    expect(d.claim('a', reactionKey('a', 'promoted', 'self'), 10)).toBe(true);
    expect(d.claim('a', k1, 20)).toBe(true);
  });
  it('keeps targets apart', () => {
    const d = new Dedupe(1000);
    d.claim('a', k1, 0);
    expect(d.claim('b', reactionKey('b', 'demoted', 'b:1'), 0)).toBe(true);
  });
  it('release lets the next report of a change that could not run try again', () => {
    const d = new Dedupe(1000);
    d.claim('a', k1, 0);
    d.release('a', k1);
    expect(d.claim('a', k1, 5)).toBe(true);
  });
  it('release of another key forgets nothing', () => {
    const d = new Dedupe(1000);
    d.claim('a', k1, 0);
    d.release('a', reactionKey('a', 'promoted', 'self'));
    expect(d.claim('a', k1, 5)).toBe(false);
  });
});
