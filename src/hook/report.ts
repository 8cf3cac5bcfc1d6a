import type { ErrorCode } from '../errors.js';
import { redactSecrets } from '../log/redact.js';
import { RunOutcomeError } from './errors.js';
import { outcomeLine, overallStatus, type Status, type TargetOutcome } from './outcome.js';

const STATUS_CODE: Record<Exclude<Status, 'ok'>, ErrorCode> = { misdirected: 'SENTINEL_TARGET', unreachable: 'UNREACHABLE', refused: 'MAX_KILLS_EXCEEDED' };

const STATUS_WORDS: Record<Exclude<Status, 'ok'>, string> = {
  misdirected: 'a target is a Sentinel, not a data node: nothing was killed there',
  unreachable: 'a target was not reached, or a kill run on it failed',
  refused: 'a policy was refused by its maxKills, killing nothing',
};

/**
 * Print one line per target, then fail with the command's exit code for the worst outcome.
 * `what` names the command in the error message.
 */
export const reportOutcomes = (outcomes: readonly TargetOutcome[], exits: Record<Status, number>, what: string, print: (line: string) => void): void => {
  for (const o of outcomes) print(redactSecrets(outcomeLine(o)));
  const status = overallStatus(outcomes);
  if (status === 'ok') return;
  const where = outcomes.filter((o) => o.error || o.results.some((r) => r.error)).map((o) => o.target);
  throw new RunOutcomeError(STATUS_CODE[status], exits[status], `${what}: ${STATUS_WORDS[status]} (${[...new Set(where)].join(', ')})`);
};
