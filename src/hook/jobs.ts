import type { AgentConfig, PolicyConfig, RoleEvent } from '../config/types.js';
import type { Target } from '../core/target.js';
import type { Endpoint, HookRequest } from './hook-args.js';

/** One target and the policies to run on it for one role change. */
export interface TargetJob {
  readonly target: Target;
  readonly event: RoleEvent;
  /** The change in words, for the audit line. */
  readonly change: string;
  readonly policies: readonly PolicyConfig[];
}

type JobConfig = Pick<AgentConfig, 'policies' | 'targets' | 'tls'>;

/** The config's policies for one event, in file order. */
export const policiesFor = (cfg: Pick<AgentConfig, 'policies'>, event: RoleEvent): PolicyConfig[] => cfg.policies.filter((p) => p.on === event);

/**
 * A bare address from Sentinel as a Target: a configured target at the same host:port lends
 * its TLS setting and URL credentials; otherwise TLS is on when the config sets any tls file.
 */
export const endpointTarget = (e: Endpoint, cfg: Pick<AgentConfig, 'targets' | 'tls'>): Target => {
  const known = cfg.targets.find((t) => t.target.kind === 'tcp' && t.target.host === e.host && t.target.port === e.port);
  if (known) return known.target;
  return { kind: 'tcp', host: e.host, port: e.port, tls: Object.keys(cfg.tls).length > 0 };
};

/** The job for `target` on `event`, or none when no policy reacts to that event. */
export const eventJobs = (target: Target, event: RoleEvent, change: string, cfg: Pick<AgentConfig, 'policies'>): TargetJob[] => {
  const policies = policiesFor(cfg, event);
  return policies.length === 0 ? [] : [{ target, event, change, policies }];
};

/** What a Sentinel hook call runs: `demoted` policies on the old master, `promoted` on the new one. */
export const hookJobs = (req: HookRequest, cfg: JobConfig): TargetJob[] => {
  const via = `sentinel ${req.role}, master '${req.masterName}'`;
  const to = endpointTarget(req.to, cfg);
  const from = endpointTarget(req.from, cfg);
  return [
    ...eventJobs(from, 'demoted', `master -> replaced by ${req.to.host}:${req.to.port} (${via})`, cfg),
    ...eventJobs(to, 'promoted', `replica -> master, replacing ${req.from.host}:${req.from.port} (${via})`, cfg),
  ];
};

/** Why a hook call does nothing, or undefined when it should run. Checked once the config is loaded. */
export const hookSkipReason = (req: HookRequest, cfg: Pick<AgentConfig, 'masters'>): string | undefined =>
  cfg.masters.length > 0 && !cfg.masters.includes(req.masterName)
    ? `master '${req.masterName}' is not one of the config's masters (${cfg.masters.join(', ')}): nothing to do`
    : undefined;
