// A target's state machine: the transition table, which observations raise demoted/promoted/master-changed, down and restarts.
import { describe, expect, it } from 'vitest';
import { allowedTransitions, changeText, classify, initialState, step, stateText, type Observation, type TargetState } from '../../../src/daemon/target/state-machine.js';

const M = { kind: 'master' } as const;
const R = (of: string) => ({ kind: 'replica', of }) as const;
const seen = (role: typeof M | ReturnType<typeof R>, restarted = false): Observation => ({ kind: 'observed', role, restarted });
const DOWN: Observation = { kind: 'unreachable' };

describe('allowedTransitions', () => {
  it('lets nothing return to unknown, and every state reach down', () => {
    for (const [from, to] of Object.entries(allowedTransitions)) {
      expect(to, from).not.toContain('unknown');
      expect(to, from).toContain('down');
    }
  });
});

describe('step', () => {
  const cases: [string, TargetState, Observation, TargetState, string | undefined][] = [
    ['first sight of a master', initialState, seen(M), M, undefined],
    ['first sight of a replica', initialState, seen(R('a:1')), R('a:1'), undefined],
    ['never reached', initialState, DOWN, { kind: 'down' }, undefined],
    ['master stays master', M, seen(M), M, undefined],
    ['master -> replica', M, seen(R('b:1')), R('b:1'), 'demoted'],
    ['replica -> master', R('a:1'), seen(M), M, 'promoted'],
    ['replica of a -> replica of b', R('a:1'), seen(R('b:1')), R('b:1'), 'master-changed'],
    ['replica stays', R('a:1'), seen(R('a:1')), R('a:1'), undefined],
    ['master goes down', M, DOWN, { kind: 'down', last: M }, undefined],
    ['down stays down, remembering', { kind: 'down', last: M }, DOWN, { kind: 'down', last: M }, undefined],
    ['down master returns as master', { kind: 'down', last: M }, seen(M), M, undefined],
    ['down master returns as replica', { kind: 'down', last: M }, seen(R('b:1')), R('b:1'), 'demoted'],
    ['down replica returns promoted', { kind: 'down', last: R('a:1') }, seen(M), M, 'promoted'],
    ['never-seen target comes up', { kind: 'down' }, seen(R('a:1')), R('a:1'), undefined],
    ['restart as replica: re-based, no event', { kind: 'down', last: M }, seen(R('b:1'), true), R('b:1'), undefined],
    ['restart while up: re-based, no event', M, seen(R('b:1'), true), R('b:1'), undefined],
  ];
  it.each(cases)('%s', (_, from, obs, to, event) => {
    const s = step(from, obs);
    expect(s.state).toEqual(to);
    expect(s.change?.event).toBe(event);
  });

  it('marks a restart', () => {
    expect(step(M, seen(M, true)).restarted).toBe(true);
    expect(step(M, seen(M)).restarted).toBeUndefined();
  });

  it('names the new master of a change (self on a promotion)', () => {
    expect(step(M, seen(R('b:1'))).change?.newMaster).toBe('b:1');
    expect(step(R('a:1'), seen(R('c:1'))).change?.newMaster).toBe('c:1');
    expect(step(R('a:1'), seen(M)).change?.newMaster).toBe('self');
  });
});

describe('classify, changeText, stateText', () => {
  it('raises nothing for the same role', () => {
    expect(classify(M, M)).toBeUndefined();
  });
  it('words a change and a state', () => {
    expect(changeText({ from: M, to: R('10.0.0.6:6379') })).toBe('master -> replica of 10.0.0.6:6379');
    expect(stateText(R('x:1'))).toBe('replica of x:1');
    expect(stateText({ kind: 'down', last: M })).toBe('down');
    expect(stateText(initialState)).toBe('unknown');
  });
});
