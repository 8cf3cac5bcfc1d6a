import type { Redis } from 'ioredis';
import { compile, type Plan } from './plan/compile.js';
import { printFilter } from './filter/print.js';
import type { Filter } from './filter/types.js';
import type { Batch, Trigger } from './trigger.js';
import { AbortedError, MaxKillsExceededError, ReconfError, SentinelTargetError } from '../errors.js';
import { executePlan, newProgress, type ExecuteResult } from './execute/execute.js';
import type { ClientId } from './filter/client-id.js';
import type { Probe } from './execute/probe.js';
import type { Logger } from '../log/logger.js';

export type { Trigger } from './trigger.js';

export interface KillSpec {
  readonly filter: Filter;
  readonly allowReplication: boolean;
  readonly dryRun: boolean;
  readonly maxKills?: number;
  readonly batch?: Batch;
  /**
   * onlyBeforeChange: only clients with an id below this watermark (taken when the change was
   * detected, see src/runner/watermark.ts) may die. Such a run always lists and evaluates locally.
   */
  readonly beforeId?: ClientId;
}

/** What one kill run did, as written to the audit line. */
export interface KillRunResult {
  readonly target: string;
  readonly trigger: Trigger;
  readonly filter: string;
  /** The compiled plan; `none` only when the filter did not compile. */
  readonly plan: 'native' | 'emulated' | 'none';
  readonly matched: number;
  /** Clients the server reported closed, also when the run failed or was aborted half-way. */
  readonly killed: number;
  /**
   * CLIENT LIST lines that could be read two ways (a unix socket path or Dragonfly name holding
   * text that reads as a field the server also sends): those clients were left alone. Only when > 0.
   */
  readonly ambiguous?: number;
  readonly durationMs: number;
  /** Time spent waiting on the server: the CLIENT LIST phase and the kill phase (ms). */
  readonly listMs: number;
  readonly killMs: number;
  readonly dryRun: boolean;
  /** More matched than maxKills: nothing was killed. */
  readonly refused: boolean;
  readonly error?: { readonly code: string; readonly message: string };
}

export interface Session {
  readonly label: string;
  readonly redis: Redis;
  readonly probe: Probe;
}

/** How a run is driven from outside. */
export interface RunOptions {
  /** Abort: no new chunk or batch starts, a batch pause ends at once, the audit says ABORTED. */
  readonly signal?: AbortSignal;
  /** The clock for durationMs (tests). */
  readonly now?: () => number;
}

/** A kill run's outcome, plus what the CLI shows: the execution (when it ran) or the failure. */
export interface AuditedRun {
  readonly result: KillRunResult;
  readonly execution?: ExecuteResult;
  readonly failure?: unknown;
}

const ms = (x: number): number => Math.round(x * 10) / 10;

/**
 * Run a compiled plan on one connected server and leave exactly one audit line, whether it
 * killed, was refused by its cap, failed or was aborted; a failed run's line still says what
 * was killed before it stopped. Never throws: the failure comes back in `failure`.
 */
export const runPlanAudited = async (
  s: Session,
  plan: Plan,
  spec: Omit<KillSpec, 'filter' | 'allowReplication' | 'beforeId'>,
  trigger: Trigger,
  log: Logger,
  opts: RunOptions = {},
): Promise<AuditedRun> => {
  const now = opts.now ?? Date.now;
  const started = now();
  const base = { target: s.label, trigger, filter: printFilter(plan.filter), plan: plan.mode, dryRun: spec.dryRun };
  const progress = newProgress();
  try {
    const r = await executePlan(s.redis, plan, s.probe.selfId, {
      label: s.label,
      dryRun: spec.dryRun,
      progress,
      ...(spec.maxKills !== undefined && { maxKills: spec.maxKills }),
      ...(spec.batch && { batch: spec.batch }),
      ...(opts.signal && { signal: opts.signal }),
    });
    const wouldDie = spec.dryRun && r.matched ? { wouldKill: r.matched.map((c) => ({ id: c.id, addr: c.addr, user: c.user, name: c.name, age: c.age, idle: c.idle })) } : {};
    const result: KillRunResult = {
      ...base,
      matched: r.matched?.length ?? r.killed,
      killed: r.killed,
      ...(r.ambiguous > 0 && { ambiguous: r.ambiguous }),
      durationMs: now() - started,
      listMs: ms(r.listMs),
      killMs: ms(r.killMs),
      refused: false,
    };
    log.info({ audit: true, ...result, ...wouldDie }, spec.dryRun ? 'kill run (dry run: nothing killed)' : 'kill run');
    return { result, execution: r };
  } catch (e) {
    return { result: failedRun({ ...base, matched: progress.matched ?? progress.killed, killed: progress.killed, ...(progress.ambiguous > 0 && { ambiguous: progress.ambiguous }), listMs: ms(progress.listMs), killMs: ms(progress.killMs) }, e, now() - started, log), failure: e };
  }
};

type SoFar = Pick<KillRunResult, 'target' | 'trigger' | 'filter' | 'plan' | 'dryRun' | 'matched' | 'killed' | 'ambiguous' | 'listMs' | 'killMs'>;

const failedRun = (done: SoFar, e: unknown, durationMs: number, log: Logger): KillRunResult => {
  const error = e instanceof ReconfError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: String((e as Error).message ?? e) };
  const refused = e instanceof MaxKillsExceededError;
  const result: KillRunResult = { ...done, durationMs, refused, error };
  const what = refused ? 'kill run refused by maxKills' : e instanceof AbortedError ? 'kill run aborted' : 'kill run failed';
  log.warn({ audit: true, ...result }, what);
  return result;
};

/**
 * Compile and run one filter on one connected server, and leave exactly one audit line.
 * Never throws: failures are in the result's `error`, a cap refusal in `refused`.
 */
export const runKill = async (s: Session, spec: KillSpec, trigger: Trigger, log: Logger, opts: RunOptions = {}): Promise<KillRunResult> => {
  let plan: Plan;
  try {
    // Policies, reapers, the hook and reconfigure never kill on a Sentinel: a target or hook address that is one is a mistake.
    if (s.probe.info.sentinel) throw new SentinelTargetError(s.label, ': check the address (a data node is expected here)');
    plan = compile(spec.filter, s.probe.caps, {
      allowReplication: spec.allowReplication,
      countFirst: spec.maxKills !== undefined,
      ...(spec.beforeId !== undefined && { beforeId: spec.beforeId }),
    });
  } catch (e) {
    const none = { target: s.label, trigger, filter: printFilter(spec.filter), plan: 'none', dryRun: spec.dryRun, matched: 0, killed: 0, listMs: 0, killMs: 0 } as const;
    return failedRun(none, e, 0, log);
  }
  return (await runPlanAudited(s, plan, spec, trigger, log, opts)).result;
};
