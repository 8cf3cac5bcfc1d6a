import type { AgentConfig, RoleEvent } from '../config/types.js';
import { targetLabel } from '../target/target.js';
import type { HookRequest } from './hook-args.js';

/** One target and the role change to run its policies for. */
export interface TargetJob {
  /** `host:port`, or a URL when TLS must be asked for. */
  readonly addr: string;
  readonly event: RoleEvent;
  /** The change in words, for the audit line. */
  readonly change: string;
}

/**
 * A bare address from Sentinel, as runPoliciesOnce should reach it: a configured target at the
 * same address brings its own TLS setting and credentials; otherwise TLS is on when the config
 * sets any tls file.
 */
export const hookAddress = (addr: string, cfg: Pick<AgentConfig, 'targets' | 'tls'>): string =>
  cfg.targets.some((t) => targetLabel(t.target) === addr) || Object.keys(cfg.tls).length === 0 ? addr : `rediss://${addr}`;

/** The job for `addr` on `event`, or none when no policy reacts to that event. */
export const eventJobs = (addr: string, event: RoleEvent, change: string, cfg: Pick<AgentConfig, 'policies'>): TargetJob[] =>
  cfg.policies.some((p) => p.on === event) ? [{ addr, event, change }] : [];

/** What a Sentinel hook call runs: `demoted` policies on the old master, `promoted` on the new one. */
export const hookJobs = (req: HookRequest, cfg: Pick<AgentConfig, 'policies' | 'targets' | 'tls'>): TargetJob[] => {
  const via = `sentinel ${req.role}, master '${req.masterName}'`;
  return [
    ...eventJobs(hookAddress(req.from, cfg), 'demoted', `master -> replaced by ${req.to} (${via})`, cfg),
    ...eventJobs(hookAddress(req.to, cfg), 'promoted', `replica -> master, replacing ${req.from} (${via})`, cfg),
  ];
};

/** Why a hook call does nothing, or undefined when it should run. Checked once the config is loaded. */
export const hookSkipReason = (req: HookRequest, cfg: Pick<AgentConfig, 'masters'>): string | undefined =>
  cfg.masters.length > 0 && !cfg.masters.includes(req.masterName)
    ? `master '${req.masterName}' is not one of the config's masters (${cfg.masters.join(', ')}): nothing to do`
    : undefined;
