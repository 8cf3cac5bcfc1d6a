import type { RoleEvent } from '../config/types.js';

/** One reaction's identity: the same change reported by the poller and by Sentinel has one key. */
export const reactionKey = (target: string, event: RoleEvent, newMaster: string): string => `${target}|${event}|${newMaster}`;

/**
 * What to do with a report: `run` a new change; `sweep` the node again for the same change
 * because another Sentinel just announced it (clients that asked a Sentinel that had not heard
 * yet reconnected to the old master in between); or drop a `duplicate`.
 */
export type Verdict = 'run' | 'sweep' | 'duplicate';

interface Claimed {
  readonly key: string;
  readonly at: number;
  /** Sentinels whose announcement of this change was acted on. */
  readonly sentinels: Set<string>;
  /** The poller saw the role flip itself: the switch is over, no more sweeps. */
  polled: boolean;
}

/**
 * One change, one policy run. Remembers the last reaction per target: the same key again
 * within `windowMs` is a duplicate, except that each further Sentinel announcing a switch
 * before the node has flipped earns one sweep; any other key replaces it, so a real second
 * change (say demoted, promoted, demoted again) is never swallowed. No I/O; time comes in.
 */
export class Dedupe {
  private readonly last = new Map<string, Claimed>();

  /** @param windowMs how long a handled change stays handled; a reload may change it (what is remembered stays). */
  constructor(public windowMs: number) {}

  /** Judge a report of `key` for `target`; `sentinel` names the announcing Sentinel, absent for the poller. */
  claim(target: string, key: string, now: number, sentinel?: string): Verdict {
    const prev = this.last.get(target);
    if (prev && prev.key === key && now - prev.at < this.windowMs) {
      if (sentinel === undefined) {
        prev.polled = true;
        return 'duplicate';
      }
      if (prev.polled || prev.sentinels.has(sentinel)) return 'duplicate';
      prev.sentinels.add(sentinel);
      return 'sweep';
    }
    this.last.set(target, { key, at: now, sentinels: new Set(sentinel === undefined ? [] : [sentinel]), polled: sentinel === undefined });
    return 'run';
  }

  /** Forget `key` (its run could not reach the target), so the next report of it runs again. */
  release(target: string, key: string): void {
    if (this.last.get(target)?.key === key) this.last.delete(target);
  }
}
