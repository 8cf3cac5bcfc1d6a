import { runKill, type KillRunResult, type KillSpec, type RunOptions, type Session, type Trigger } from '../kill/kill-run.js';
import type { ClientId } from '../kill/filter/client-id.js';
import { openSession } from './session.js';
import type { AgentConfig, Batch, RoleEvent } from '../config/types.js';
import type { Filter } from '../kill/filter/types.js';
import { parseTarget, targetLabel, type Target } from '../target/target.js';
import { ReconfError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { redactUserinfo } from '../log/redact.js';

/** The parts of the config a kill run reads. */
export type KillConfig = Pick<AgentConfig, 'dryRun' | 'allowReplication'>;

/** A policy or reaper as a KillSpec, with the config's dryRun and allowReplication. */
export const killSpec = (item: { filter: Filter; maxKills?: number; batch?: Batch }, cfg: KillConfig, beforeId?: ClientId): KillSpec => ({
  filter: item.filter,
  allowReplication: cfg.allowReplication,
  dryRun: cfg.dryRun,
  ...(item.maxKills !== undefined && { maxKills: item.maxKills }),
  ...(item.batch && { batch: item.batch }),
  ...(beforeId !== undefined && { beforeId }),
});

/** Why the policies run: the event, the change in words, the watermark taken at detection, and who asks. */
export interface PolicyContext {
  readonly event: RoleEvent;
  /** `master -> replica of 10.0.0.6:6379`. */
  readonly change?: string;
  /**
   * For onlyBeforeChange policies: the watermark (takeWatermark) taken when the change was
   * detected; only clients with a smaller id may die. Without it such a policy spares nobody.
   */
  readonly beforeId?: ClientId;
  /** `policy` from the daemon, `hook` from the failover hook. */
  readonly kind?: Trigger['kind'];
}

/** Run, in config order, every policy configured for `ctx.event` on one connected target. Never throws. */
export const runPolicies = async (
  s: Session,
  cfg: KillConfig & Pick<AgentConfig, 'policies'>,
  ctx: PolicyContext,
  log: Logger,
  opts: RunOptions = {},
): Promise<KillRunResult[]> => {
  const results: KillRunResult[] = [];
  for (const p of cfg.policies.filter((x) => x.on === ctx.event)) {
    const trigger: Trigger = { kind: ctx.kind ?? 'policy', name: p.name, event: ctx.event, ...(ctx.change && { change: ctx.change }) };
    results.push(await runKill(s, killSpec(p, cfg, p.onlyBeforeChange ? ctx.beforeId : undefined), trigger, log, opts));
  }
  return results;
};

/** What runPoliciesOnce did on one target. `error`: the target could not be reached or named; nothing ran. */
export interface PoliciesOnceResult {
  readonly target: string;
  readonly event: RoleEvent;
  readonly results: readonly KillRunResult[];
  readonly error?: { readonly code: string; readonly message: string };
}

/** The configured target at this address (with its name and URL credentials), else the address itself. */
export const resolveTarget = (cfg: Pick<AgentConfig, 'targets'>, addr: string): { name: string; target: Target } => {
  const target = parseTarget(addr);
  const label = targetLabel(target);
  return cfg.targets.find((t) => targetLabel(t.target) === label) ?? { name: label, target };
};

/**
 * Connect to one target, run the policies configured for `event` there, disconnect. For the
 * failover hook and other one-shot callers; the daemon uses runPolicies on its own connection.
 * Never throws: a target that cannot be reached (or a bad address) comes back in `error`.
 */
export const runPoliciesOnce = async (
  cfg: AgentConfig,
  targetAddr: string,
  event: RoleEvent,
  trigger: Omit<PolicyContext, 'event'>,
  logger: Logger,
): Promise<PoliciesOnceResult> => {
  const base = { target: redactUserinfo(targetAddr), event };
  if (!cfg.policies.some((p) => p.on === event)) return { ...base, results: [] };
  let session: Awaited<ReturnType<typeof openSession>> | undefined;
  try {
    const { name, target } = resolveTarget(cfg, targetAddr);
    session = await openSession(target, cfg, { label: name });
    return { ...base, target: name, results: await runPolicies(session, cfg, { ...trigger, event }, logger.child({ component: 'policy' })) };
  } catch (e) {
    const error = e instanceof ReconfError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: String((e as Error).message ?? e) };
    logger.warn({ component: 'policies', target: base.target, event, error }, 'policies not run: target not reachable');
    return { ...base, results: [], error };
  } finally {
    session?.close();
  }
};
