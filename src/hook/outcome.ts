import type { KillRunResult } from '../kill/kill-run.js';
import type { PoliciesOnceResult } from '../runner/run-policies.js';
import { EXIT } from '../errors.js';

/** What happened on one target: its kill runs, or (`error`) why none could start. */
export type TargetOutcome = PoliciesOnceResult;

/**
 * How a whole run went, worst first. `misdirected`: an address that is a Sentinel, not a data
 * node (another try would not help). `unreachable` also covers a login refused and a connection
 * lost mid-run: all worth another try later; `refused` is a maxKills cap.
 */
export const STATUSES = ['misdirected', 'unreachable', 'refused', 'ok'] as const;
export type Status = (typeof STATUSES)[number];

const CODE_STATUS: Readonly<Record<string, Status>> = { MAX_KILLS_EXCEEDED: 'refused', SENTINEL_TARGET: 'misdirected' };

const codeStatus = (code: string | undefined): Status => (code === undefined ? 'ok' : (CODE_STATUS[code] ?? 'unreachable'));

const worst = (list: readonly Status[]): Status => STATUSES.find((s) => list.includes(s)) ?? 'ok';

export const outcomeStatus = (o: TargetOutcome): Status => worst([codeStatus(o.error?.code), ...o.results.map((r) => codeStatus(r.error?.code))]);

export const overallStatus = (outcomes: readonly TargetOutcome[]): Status => worst(outcomes.map(outcomeStatus));

/**
 * Sentinel's contract: 1 is retried (later, up to 10 times), 2 is not. An unreachable target
 * is worth retrying (the old master may come back); a cap refusal would refuse again.
 */
export const HOOK_EXIT: Record<Status, number> = { ok: EXIT.ok, unreachable: EXIT.hookRetry, refused: EXIT.hookFatal, misdirected: EXIT.hookFatal };

/** sysexits-style codes for `reconfigure`, for failover tools other than Sentinel. */
export const RECONFIGURE_EXIT: Record<Status, number> = { ok: EXIT.ok, unreachable: EXIT.unavailable, refused: EXIT.tempFail, misdirected: EXIT.usage };

const runLine = (r: KillRunResult): string =>
  r.error
    ? `policy ${r.trigger.name}: ${r.refused ? `refused, ${r.matched} matched (maxKills)` : r.error.message}`
    : `policy ${r.trigger.name}: ${r.dryRun ? `dry run, would kill ${r.matched}` : `killed ${r.killed}`}`;

/** One line per target for the terminal: what ran where and what it did. */
export const outcomeLine = (o: TargetOutcome): string =>
  `${o.event} ${o.target}: ${o.error ? o.error.message : o.results.map(runLine).join('; ')}`;
