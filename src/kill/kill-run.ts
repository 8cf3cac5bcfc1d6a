import type { Redis } from 'ioredis';
import { compile, type Plan } from './plan/compile.js';
import { printFilter } from './filter/print.js';
import type { Filter } from './filter/types.js';
import type { Batch, Trigger } from './trigger.js';
import { MaxKillsExceededError, ReconfError } from '../errors.js';
import { executePlan, type ExecuteResult } from './execute/execute.js';
import type { Probe } from './execute/probe.js';
import type { Logger } from '../log/logger.js';

export type { Trigger } from './trigger.js';

export interface KillSpec {
  readonly filter: Filter;
  readonly allowReplication: boolean;
  readonly dryRun: boolean;
  readonly maxKills?: number;
  readonly batch?: Batch;
  /** onlyBeforeChange: epoch ms of the detected change; younger clients are spared. */
  readonly changedAt?: number;
}

/** What one kill run did, as written to the audit line. */
export interface KillRunResult {
  readonly target: string;
  readonly trigger: Trigger;
  readonly filter: string;
  readonly plan: 'native' | 'emulated' | 'none';
  readonly matched: number;
  readonly killed: number;
  readonly durationMs: number;
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

/**
 * onlyBeforeChange as a MAXAGE clause: clients younger than the time since the change are
 * spared. Within the first second no clause is added (ages are whole seconds), so every
 * client present then is taken to predate the change.
 */
export const sparingYoungerThan = (filter: Filter, changedAt: number | undefined, now: number): Filter => {
  if (changedAt === undefined) return filter;
  const seconds = Math.floor((now - changedAt) / 1000);
  if (seconds < 1) return filter;
  const existing = filter.clauses.find((c) => c.kind === 'maxage');
  if (existing && existing.kind === 'maxage' && existing.seconds >= seconds) return filter;
  return { ...filter, clauses: [...filter.clauses.filter((c) => c.kind !== 'maxage'), { kind: 'maxage', seconds }] };
};

/** A kill run's outcome, plus what the CLI shows: the execution (when it ran) or the failure. */
export interface AuditedRun {
  readonly result: KillRunResult;
  readonly execution?: ExecuteResult;
  readonly failure?: unknown;
}

/**
 * Run a compiled plan on one connected server and leave exactly one audit line, whether it
 * killed, was refused by its cap or failed. Never throws: the failure comes back in `failure`.
 */
export const runPlanAudited = async (
  s: Session,
  plan: Plan,
  spec: Omit<KillSpec, 'filter' | 'allowReplication' | 'changedAt'>,
  trigger: Trigger,
  log: Logger,
  now: () => number = Date.now,
): Promise<AuditedRun> => {
  const started = now();
  const base = { target: s.label, trigger, filter: printFilter(plan.filter), dryRun: spec.dryRun };
  try {
    const r = await executePlan(s.redis, plan, s.probe.selfId, {
      label: s.label,
      dryRun: spec.dryRun,
      ...(spec.maxKills !== undefined && { maxKills: spec.maxKills }),
      ...(spec.batch && { batch: spec.batch }),
    });
    const wouldDie = spec.dryRun && r.matched ? { wouldKill: r.matched.map((c) => ({ id: c.id, addr: c.addr, user: c.user, name: c.name, age: c.age, idle: c.idle })) } : {};
    const result: KillRunResult = { ...base, plan: plan.mode, matched: r.matched?.length ?? r.killed, killed: r.killed, durationMs: now() - started, refused: false };
    log.info({ audit: true, ...result, ...wouldDie }, spec.dryRun ? 'kill run (dry run: nothing killed)' : 'kill run');
    return { result, execution: r };
  } catch (e) {
    return { result: failedRun(base, e, now() - started, log), failure: e };
  }
};

const failedRun = (base: Pick<KillRunResult, 'target' | 'trigger' | 'filter' | 'dryRun'>, e: unknown, durationMs: number, log: Logger): KillRunResult => {
  const error = e instanceof ReconfError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: String((e as Error).message ?? e) };
  const refused = e instanceof MaxKillsExceededError;
  const result: KillRunResult = { ...base, plan: 'none', matched: refused ? e.matched : 0, killed: 0, durationMs, refused, error };
  log.warn({ audit: true, ...result }, refused ? 'kill run refused by maxKills' : 'kill run failed');
  return result;
};

/**
 * Compile and run one filter on one connected server, and leave exactly one audit line.
 * Never throws: failures are in the result's `error`, a cap refusal in `refused`.
 */
export const runKill = async (s: Session, spec: KillSpec, trigger: Trigger, log: Logger, now: () => number = Date.now): Promise<KillRunResult> => {
  const filter = sparingYoungerThan(spec.filter, spec.changedAt, now());
  let plan: Plan;
  try {
    plan = compile(filter, s.probe.caps, { allowReplication: spec.allowReplication, countFirst: spec.maxKills !== undefined });
  } catch (e) {
    return failedRun({ target: s.label, trigger, filter: printFilter(filter), dryRun: spec.dryRun }, e, 0, log);
  }
  return (await runPlanAudited(s, plan, spec, trigger, log, now)).result;
};
