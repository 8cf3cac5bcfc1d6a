import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { KillRunResult, Trigger } from '../kill/kill-run.js';
import { VERSION } from '../version.js';

/** The role a target is in, for the reconf_agent_target_role gauge. */
export const ROLE_LABELS = ['unknown', 'master', 'replica', 'down'] as const;
export type RoleLabel = (typeof ROLE_LABELS)[number];

/**
 * The daemon's Prometheus metrics, in a registry of their own (several daemons can live in
 * one process, as in tests). Labels carry target, policy and reaper *names* only: never a
 * client id or address. docs/metrics.md lists every one.
 */
export const createMetrics = () => {
  const registry = new Registry();
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
    new Histogram<L>({ name, help, labelNames, buckets, registers });
  const run = ['target', 'policy', 'trigger'] as const;
  // Polls are counted in plain numbers, one per target, and handed to prom-client when it is
  // scraped: its inc() hashes and checks the labels on every call, 200 times a second at 200 targets.
  const pollCounts = new Map<string, PollCount>();
  const m = {
    registry,
    clientsKilled: counter('reconf_agent_clients_killed_total', 'Clients closed by kill runs (0 on dry runs)', run),
    clientsMatched: counter('reconf_agent_clients_matched_total', 'Clients that matched a kill run filter (what a dry run would have killed)', run),
    killRuns: counter('reconf_agent_kill_runs_total', 'Kill runs, by outcome: ok, dry_run, refused or error', [...run, 'outcome']),
    killErrors: counter('reconf_agent_kill_errors_total', 'Kill runs that failed or were refused, by error code', ['target', 'policy', 'code']),
    killListSeconds: histogram('reconf_agent_kill_list_seconds', 'Time kill runs spent waiting on CLIENT LIST (the server building and sending the list)', ['target'], [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]),
    killPhaseSeconds: histogram('reconf_agent_kill_phase_seconds', 'Time kill runs spent waiting on their CLIENT KILL commands', ['target'], [0.001, 0.01, 0.1, 0.5, 1, 5, 15, 60, 300]),
    roleChanges: counter('reconf_agent_role_changes_total', 'Role changes seen, by event and by source (poll, sentinel or cluster)', ['target', 'event', 'source']),
    duplicates: counter('reconf_agent_duplicate_reactions_total', 'Role changes not acted on because the same change was already handled', ['target', 'event']),
    sweeps: counter('reconf_agent_sweeps_total', 'Extra demoted-policy runs on an old master because a further Sentinel announced the same switch', ['target']),
    restarts: counter('reconf_agent_target_restarts_total', 'Target restarts seen (INFO run_id changed)', ['target']),
    rolePolls: new Counter({
      name: 'reconf_agent_role_polls_total',
      help: 'ROLE polls of the target that completed, answered or not',
      labelNames: ['target'] as const,
      registers,
      collect() {
        this.reset();
        for (const [target, c] of pollCounts) this.inc({ target }, c.polls);
      },
    }),
    /** The poll count of target `name`, to add to; the same one for the name's whole life (across reloads). */
    pollCount: (name: string): PollCount => {
      const c = pollCounts.get(name) ?? { polls: 0 };
      pollCounts.set(name, c);
      return c;
    },
    targetUp: gauge('reconf_agent_target_up', '1 when the last poll of the target answered', ['target']),
    targetRole: gauge('reconf_agent_target_role', '1 for the role the target is in (unknown, master, replica, down), 0 for the others', ['target', 'role']),
    targetHeld: gauge('reconf_agent_target_held', '1 while the target is held for flapping', ['target']),
    flapHolds: counter('reconf_agent_flap_holds_total', 'Times a target was held for flapping', ['target']),
    reaperRuns: counter('reconf_agent_reaper_runs_total', 'Reaper runs, by outcome: ok, partial (a target failed or refused) or skipped (previous run still going)', ['reaper', 'outcome']),
    reaperDuration: new Histogram({
      name: 'reconf_agent_reaper_duration_seconds',
      help: 'How long reaper runs took, over every target they applied to',
      labelNames: ['reaper'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    }),
    sentinelUp: gauge('reconf_agent_sentinel_up', '1 while the subscription to the Sentinel is connected', ['sentinel']),
    buildInfo: gauge('reconf_agent_build_info', 'Always 1; labels say which build runs', ['version', 'node']),
  };
  m.buildInfo.set({ version: VERSION, node: process.version }, 1);
  // prom-client's process and Node metrics, event-loop lag among them
  // (reconf_agent_nodejs_eventloop_lag_*): how late our own timers run. Sampled every 100 ms,
  // not prom-client's 10 ms: at 10 ms the lag timer alone woke an idle daemon 100 times a second
  // (about 1.5% of a core with one target); lag worth alerting on is far longer than 100 ms.
  collectDefaultMetrics({ register: registry, prefix: 'reconf_agent_', eventLoopMonitoringPrecision: 100 });
  return m;
};

export type Metrics = ReturnType<typeof createMetrics>;

/** One target's ROLE polls so far (reconf_agent_role_polls_total). */
export interface PollCount {
  polls: number;
}

/** The trigger label: the role change for policies, else the kind (reaper, hook, cli). */
export const triggerLabel = (t: Trigger): string => t.event ?? t.kind;

/** Count one kill run. `target` is the target's name. */
export const recordKillRun = (m: Metrics, target: string, r: KillRunResult): void => {
  const labels = { target, policy: r.trigger.name, trigger: triggerLabel(r.trigger) };
  const outcome = r.refused ? 'refused' : r.error ? 'error' : r.dryRun ? 'dry_run' : 'ok';
  m.killRuns.inc({ ...labels, outcome });
  m.clientsMatched.inc(labels, r.matched);
  m.clientsKilled.inc(labels, r.killed);
  if (r.error) m.killErrors.inc({ target, policy: r.trigger.name, code: r.error.code });
  if (r.plan === 'none') return; // nothing was sent
  m.killListSeconds.observe({ target }, r.listMs / 1000);
  m.killPhaseSeconds.observe({ target }, r.killMs / 1000);
};

/** Set the role gauge: 1 for `role`, 0 for the others. Called on a change only: polls that change nothing set nothing. */
export const setRole = (m: Metrics, target: string, role: RoleLabel): void => {
  for (const r of ROLE_LABELS) m.targetRole.set({ target, role: r }, r === role ? 1 : 0);
};

/** Drop a target's series when it leaves the target set. */
export const forgetTarget = (m: Metrics, target: string): void => {
  for (const g of [m.targetUp, m.targetHeld]) g.remove({ target });
  for (const role of ROLE_LABELS) m.targetRole.remove({ target, role });
};
