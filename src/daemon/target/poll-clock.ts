/** A place in the clock's queue: `due` is the tick that calls `fire`, unless cancelled first. */
export interface Waiter {
  readonly due: number;
  readonly fire: () => void;
  cancelled: boolean;
}

/**
 * One timer for every target's polls: the clock ticks once a poll interval, and every watcher
 * waiting for that tick polls in the same turn of the event loop. Targets each on a timer of their
 * own drift apart over hours (each waits its interval after its own reply) until every poll is a
 * wakeup of its own; measured at 200 targets, polls sent together cost half the CPU (the kernel's
 * scheduling and epoll work per wakeup was most of a poll). Ticks keep to their grid (a late tick
 * does not push the next one back) and the timer runs only while someone waits.
 */
export class PollClock {
  /** In the order they started waiting (an array: a Set's adds and deletes, 200 a tick, cost more). */
  private waiting: Waiter[] = [];
  private ticks = 0;
  /** When the last tick was due, and the next one (performance.now() ms). */
  private lastAt: number | undefined;
  private nextAt = 0;
  private timer: NodeJS.Timeout | undefined;

  /** `periodMs` is read whenever the next tick is set, so a reload's new poll interval applies from the next tick. */
  constructor(private readonly periodMs: () => number) {}

  /** Call `fire` at the `ticks`-th tick from now (at least the next one), unless cancelled first. */
  wait(ticks: number, fire: () => void): Waiter {
    const w = { due: this.ticks + Math.max(1, ticks), fire, cancelled: false };
    this.waiting.push(w);
    this.arm();
    return w;
  }

  cancel(w: Waiter): void {
    w.cancelled = true;
    const i = this.waiting.indexOf(w);
    if (i >= 0) this.waiting.splice(i, 1);
    if (this.waiting.length === 0) this.disarm();
  }

  private arm(): void {
    if (this.timer) return;
    const now = performance.now();
    const period = this.periodMs();
    let at = (this.lastAt ?? now) + period;
    // Idle (nobody waited) or late for longer than a period: the grid goes on from where it would be now.
    if (at < now) at += Math.ceil((now - at) / period) * period;
    this.nextAt = at;
    this.timer = setTimeout(() => this.tick(), at - now);
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.timer = undefined;
    this.ticks++;
    this.lastAt = this.nextAt;
    const all = this.waiting;
    this.waiting = all.filter((w) => w.due > this.ticks);
    // A waiter's fire() may wait again (into the new list) or cancel one not yet called this tick.
    for (const w of all) if (w.due <= this.ticks && !w.cancelled) w.fire();
    if (this.waiting.length > 0) this.arm();
  }
}
