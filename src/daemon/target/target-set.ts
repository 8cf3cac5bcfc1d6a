import type { Logger } from '../../log/logger.js';
import { forgetTarget } from '../../metrics/metrics.js';
import { TargetTracker, type TrackerDeps } from './target-tracker.js';
import type { WatchedTarget } from '../topology.js';

/**
 * The targets being watched, keyed by address, kept equal to the wanted list: new ones start
 * watching, gone ones stop (and their metric series go).
 */
export class TargetSet {
  private readonly trackers = new Map<string, TargetTracker>();
  private readonly stopping = new Set<Promise<void>>();

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

  /** Resolves when no policy run is queued or running on any target. */
  idle(): Promise<unknown> {
    return Promise.all([...this.all().map((t) => t.idle()), ...this.stopping]);
  }

  /** Stop watching everything and close every connection. */
  async clear(): Promise<void> {
    for (const [addr, t] of this.trackers) this.remove(addr, t);
    await Promise.all(this.stopping);
  }

  private remove(addr: string, t: TargetTracker): void {
    this.trackers.delete(addr);
    this.log.info({ target: t.target.name, addr }, 'no longer watching target');
    forgetTarget(this.deps.metrics, t.target.name);
    const p = t
      .stop()
      .then(() => t.idle())
      .finally(() => this.stopping.delete(p));
    this.stopping.add(p);
  }
}
