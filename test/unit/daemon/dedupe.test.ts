// One change, one policy run: the dedupe of reactions keyed by target + event + new master within a window,
// with one sweep per further Sentinel announcing a switch before the poller sees the node flip.
import { describe, expect, it } from 'vitest';
import { Dedupe, reactionKey } from '../../../src/daemon/dedupe.js';

const k1 = reactionKey('a', 'demoted', 'b:1');

describe('Dedupe', () => {
  it('runs the first report and drops the same change from a second source', () => {
    const d = new Dedupe(1000);
    expect(d.claim('a', k1, 0)).toBe('run');
    expect(d.claim('a', k1, 10)).toBe('duplicate');
  });
  it('runs the same key again after the window', () => {
    const d = new Dedupe(1000);
    d.claim('a', k1, 0);
    expect(d.claim('a', k1, 1000)).toBe('run');
  });
  it('a different change in between lets the first one run again (demoted, promoted, demoted)', () => {
    const d = new Dedupe(60_000);
    expect(d.claim('a', k1, 0)).toBe('run');
    expect(d.claim('a', reactionKey('a', 'promoted', 'self'), 10)).toBe('run');
    expect(d.claim('a', k1, 20)).toBe('run');
  });
  it('keeps targets apart', () => {
    const d = new Dedupe(1000);
    d.claim('a', k1, 0);
    expect(d.claim('b', reactionKey('b', 'demoted', 'b:1'), 0)).toBe('run');
  });
  it('release lets the next report of a change that could not run try again', () => {
    const d = new Dedupe(1000);
    d.claim('a', k1, 0);
    d.release('a', k1);
    expect(d.claim('a', k1, 5)).toBe('run');
  });
  it('release of another key forgets nothing', () => {
    const d = new Dedupe(1000);
    d.claim('a', k1, 0);
    d.release('a', reactionKey('a', 'promoted', 'self'));
    expect(d.claim('a', k1, 5)).toBe('duplicate');
  });
  it('each further Sentinel announcing the same switch earns one sweep, the same Sentinel again none', () => {
    const d = new Dedupe(60_000);
    expect(d.claim('a', k1, 0, 's1')).toBe('run');
    expect(d.claim('a', k1, 10, 's2')).toBe('sweep');
    expect(d.claim('a', k1, 20, 's2')).toBe('duplicate');
    expect(d.claim('a', k1, 30, 's3')).toBe('sweep');
  });
  it('once the poller has seen the flip, the switch is over: no more sweeps', () => {
    const d = new Dedupe(60_000);
    expect(d.claim('a', k1, 0, 's1')).toBe('run');
    expect(d.claim('a', k1, 10)).toBe('duplicate');
    expect(d.claim('a', k1, 20, 's2')).toBe('duplicate');
  });
  it('a flip the poller saw first is not swept by late Sentinel announcements', () => {
    const d = new Dedupe(60_000);
    expect(d.claim('a', k1, 0)).toBe('run');
    expect(d.claim('a', k1, 10, 's1')).toBe('duplicate');
  });
});
