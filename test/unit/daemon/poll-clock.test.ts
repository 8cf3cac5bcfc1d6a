// The daemon's one poll clock: everyone waiting for a tick is called in the same turn of the event loop, a wait of
// n ticks ends at the n-th, a cancelled wait never fires (also one cancelled by another waiter of its tick), the period is read again at every tick, and the clock
// keeps no timer while nobody waits (a daemon with nothing to poll does not wake up).
import { describe, expect, it } from 'vitest';
import { PollClock } from '../../../src/daemon/target/poll-clock.js';

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('PollClock', () => {
  it('calls every waiter of a tick in one turn of the event loop', async () => {
    const clock = new PollClock(() => 20);
    const calls: string[] = [];
    await new Promise<void>((done) => {
      for (const name of ['a', 'b', 'c']) {
        clock.wait(1, () => {
          calls.push(name);
          // Runs only after the turn that called every waiter.
          setImmediate(() => {
            calls.push(`after ${name}`);
            if (name === 'c') done();
          });
        });
      }
    });
    expect(calls).toEqual(['a', 'b', 'c', 'after a', 'after b', 'after c']);
  });

  it('ends a wait of n ticks at the n-th tick, later waiters joining the same grid', async () => {
    const clock = new PollClock(() => 30);
    const tickOf: Record<string, number> = {};
    let ticks = 0;
    const everyTick = (): void => {
      ticks++;
      if (ticks < 3) clock.wait(1, everyTick);
    };
    clock.wait(1, everyTick);
    // Read once every waiter of the tick has run (they run in the order they started waiting).
    await new Promise<void>((done) => clock.wait(3, () => queueMicrotask(() => ((tickOf.third = ticks), done()))));
    expect(tickOf.third).toBe(3);
  });

  it('never calls a cancelled waiter, and holds no timer while nobody waits', async () => {
    const idle = timers();
    const clock = new PollClock(() => 10);
    let called = false;
    const w = clock.wait(1, () => (called = true));
    expect(timers()).toBe(idle + 1);
    clock.cancel(w);
    expect(timers()).toBe(idle);
    await new Promise((r) => setTimeout(r, 40));
    expect(called).toBe(false);
  });

  it('never calls a waiter of the same tick that an earlier waiter cancelled', async () => {
    const clock = new PollClock(() => 10);
    const calls: string[] = [];
    let b: ReturnType<PollClock['wait']> | undefined;
    await new Promise<void>((done) => {
      clock.wait(1, () => {
        calls.push('a');
        clock.cancel(b!);
        clock.wait(1, () => (calls.push('a again'), done()));
      });
      b = clock.wait(1, () => calls.push('b'));
    });
    expect(calls).toEqual(['a', 'a again']);
  });

  it('reads the period at every tick', async () => {
    let period = 200;
    const clock = new PollClock(() => period);
    const started = performance.now();
    await new Promise<void>((r) => clock.wait(1, r));
    period = 10;
    const first = performance.now();
    await new Promise<void>((r) => clock.wait(1, r));
    expect(first - started).toBeGreaterThanOrEqual(190);
    expect(performance.now() - first).toBeLessThan(150);
  });
});
