import { runKill, type KillRunResult } from '../kill/kill-run.js';
import type { ReaperConfig } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import type { ObservedRole } from './target/role.js';
import type { KillLane } from './target/kill-lane.js';
import { killSpec, type KillConfig } from '../runner/run-policies.js';

/** A target as a reaper sees it: its current role (absent while unreachable) and the kill lane its runs go through. */
export interface ReaperTarget {
  readonly name: string;
  readonly role?: ObservedRole;
  readonly lane: Pick<KillLane, 'run'>;
}

export interface ReaperRunResult {
  readonly reaper: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly results: readonly KillRunResult[];
  /** Targets whose role could not be learned, or whose kill run could not reach them. */
  readonly unreachable: readonly string[];
  /** Some kill run matched more than maxKills and killed nothing there. */
  readonly refused: boolean;
  /** Targets whose kill run reached them but failed (login refused, NOPERM, server error). */
  readonly failed: readonly string[];
}

/**
 * Run one reaper on every target whose current role it applies to, all targets at once so a
 * hung one delays no other; on each target the run queues on its kill lane, behind the policy
 * runs already there. Never throws.
 */
export const runReaper = async (reaper: ReaperConfig, targets: readonly ReaperTarget[], cfg: KillConfig, log: Logger): Promise<ReaperRunResult> => {
  const startedAt = Date.now();
  const unknown = targets.filter((t) => !t.role).map((t) => t.name);
  const applicable = targets.filter((t) => t.role && reaper.roles.includes(t.role.kind));
  const outcomes = await Promise.all(
    applicable.map(async (t) => ({ t, out: await t.lane.run((s, signal) => runKill(s, killSpec(reaper, cfg), { kind: 'reaper', name: reaper.name }, log, { signal })) })),
  );
  const results = outcomes.flatMap(({ out }) => (out.ok ? [out.value] : []));
  const notRun = outcomes.filter(({ out }) => !out.ok).map(({ t }) => t.name);
  const lost = [...notRun, ...results.filter((r) => r.error?.code === 'UNREACHABLE').map((r) => r.target)];
  return {
    reaper: reaper.name,
    startedAt,
    durationMs: Date.now() - startedAt,
    results,
    unreachable: [...unknown, ...lost],
    refused: results.some((r) => r.refused),
    failed: results.filter((r) => r.error && !r.refused && r.error.code !== 'UNREACHABLE').map((r) => r.target),
  };
};
