import type { RoleEvent } from '../config/types.js';

/** One reaction's identity: the same change reported by the poller and by Sentinel has one key. */
export const reactionKey = (target: string, event: RoleEvent, newMaster: string): string => `${target}|${event}|${newMaster}`;

/**
 * One change, one policy run. Remembers the last reaction per target: the same key again
 * within `windowMs` is a duplicate; any other key replaces it, so a real second change
 * (say demoted, promoted, demoted again) is never swallowed. No I/O; time comes in.
 */
export class Dedupe {
  private readonly last = new Map<string, { key: string; at: number }>();

  constructor(private readonly windowMs: number) {}

  /** True when `key` is new for `target`, and remembers it; false for a duplicate. */
  claim(target: string, key: string, now: number): boolean {
    const prev = this.last.get(target);
    if (prev && prev.key === key && now - prev.at < this.windowMs) return false;
    this.last.set(target, { key, at: now });
    return true;
  }

  /** Forget `key` (its run could not reach the target), so the next report of it runs again. */
  release(target: string, key: string): void {
    if (this.last.get(target)?.key === key) this.last.delete(target);
  }
}
