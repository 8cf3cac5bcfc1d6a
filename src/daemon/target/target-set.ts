import type { Logger } from '../../log/logger.js';
import { forgetTarget } from '../../metrics/metrics.js';
import { TargetTracker, type TrackerDeps } from './target-tracker.js';
import type { WatchedTarget } from '../topology.js';

/**
 * How long a run in flight may go on once its target stops being watched (or the daemon
 * stops) before its batch pauses are aborted; the same again bounds the abort.
 */
export const drainMs = (timeoutMs: number): number => Math.max(5000, 3 * timeoutMs);

/**
 * The targets being watched, keyed by address, kept equal to the wanted list: new ones start
 * watching, gone ones stop (and their metric series go); the others are left alone.
 */
export class TargetSet {
  private readonly trackers = new Map<string, TargetTracker>();
  private readonly stopping = new Set<Promise<boolean>>();

  private readonly log: Logger;
  private readonly auditLog: Logger;

  constructor(
    private readonly deps: TrackerDeps,
    private readonly root: Logger,
  ) {
    this.log = root.child({ component: 'targets' });
    this.auditLog = root.child({ component: 'policy' });
  }

  /** Watch exactly `wanted`. A target whose name changed is restarted under the new name. */
  apply(wanted: readonly WatchedTarget[]): void {
    const byAddr = new Map(wanted.map((t) => [t.addr, t]));
    for (const [addr, t] of this.trackers) {
      const w = byAddr.get(addr);
      if (!w || w.name !== t.target.name || JSON.stringify(w.target) !== JSON.stringify(t.target.target)) this.remove(addr, t);
    }
    for (const w of wanted) {
      if (this.trackers.has(w.addr)) continue;
      const t = new TargetTracker(w, this.deps, this.root.child({ component: 'role-watcher', target: w.name }), this.auditLog);
      this.trackers.set(w.addr, t);
      this.log.info({ target: w.name, addr: w.addr, ...(w.master && { master: w.master }) }, 'watching target');
      t.start();
    }
  }

  byAddr(addr: string): TargetTracker | undefined {
    return this.trackers.get(addr);
  }

  byName(name: string): TargetTracker | undefined {
    return this.all().find((t) => t.target.name === name);
  }

  all(): TargetTracker[] {
    return [...this.trackers.values()];
  }

  /** Every target has been polled at least once (answered or not). */
  allPolled(): boolean {
    return this.all().every((t) => t.lastPollAt !== undefined);
  }

  /**
   * Stop watching everything: no new run starts, runs in flight are aborted at once (their
   * batch pauses end, their audit lines say how many died), every connection closes. Resolves
   * true when every run ended within `boundMs`, also those of targets removed before.
   */
  async clear(boundMs: number): Promise<boolean> {
    for (const [addr, t] of this.trackers) this.remove(addr, t, 0, boundMs);
    const drained = await Promise.all(this.stopping);
    return drained.every(Boolean);
  }

  /** A removed target's run in flight finishes, for drainMs at most before it is aborted. */
  private remove(addr: string, t: TargetTracker, abortAfterMs = drainMs(this.deps.cfg().watch.timeoutMs), boundMs = 2 * abortAfterMs): void {
    this.trackers.delete(addr);
    this.log.info({ target: t.target.name, addr }, 'no longer watching target');
    forgetTarget(this.deps.metrics, t.target.name);
    const p = t.stop(abortAfterMs, boundMs).finally(() => this.stopping.delete(p));
    this.stopping.add(p);
  }
}
