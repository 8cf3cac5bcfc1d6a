// The hook's and reconfigure's exit codes from what happened on each target, and the one-line summaries.
import { describe, expect, it } from 'vitest';
import type { KillRunResult } from '../../../src/kill/kill-run.js';
import { HOOK_EXIT, outcomeLine, overallStatus, RECONFIGURE_EXIT, type TargetOutcome } from '../../../src/hook/outcome.js';
import { reportOutcomes } from '../../../src/hook/report.js';
import { RunOutcomeError } from '../../../src/hook/errors.js';
import { thrown } from '../../helpers/thrown.js';

const run = (name: string, extra: Partial<KillRunResult> = {}): KillRunResult => ({
  target: '10.0.0.5:6379',
  trigger: { kind: 'hook', name, event: 'demoted' },
  filter: 'TYPE normal',
  plan: 'native',
  matched: 2,
  killed: 2,
  durationMs: 3,
  listMs: 0,
  killMs: 0,
  dryRun: false,
  refused: false,
  ...extra,
});
const refused = run('capped', { killed: 0, matched: 50, refused: true, plan: 'none', error: { code: 'MAX_KILLS_EXCEEDED', message: 'refused' } });
const lost = run('lost', { killed: 0, matched: 0, plan: 'none', error: { code: 'UNREACHABLE', message: '10.0.0.5:6379: unreachable: Connection is closed.' } });
const done = (results: KillRunResult[]): TargetOutcome => ({ target: '10.0.0.5:6379', event: 'demoted', results });
const down: TargetOutcome = { target: '10.0.0.6:6380', event: 'promoted', results: [], error: { code: 'UNREACHABLE', message: '10.0.0.6:6380: unreachable: connect ECONNREFUSED' } };

describe('exit codes', () => {
  it.each([
    ['nothing to do', [], 'ok', 0, 0],
    ['all done', [done([run('a'), run('b')])], 'ok', 0, 0],
    ['a cap refused', [done([run('a'), refused])], 'refused', 2, 75],
    ['a target down', [done([run('a')]), down], 'unreachable', 1, 69],
    ['lost mid-run', [done([lost])], 'unreachable', 1, 69],
    ['down beats refused: worth a retry', [done([refused]), down], 'unreachable', 1, 69],
    ['a Sentinel address: a mistake, not retried', [done([run('s', { killed: 0, matched: 0, plan: 'none', error: { code: 'SENTINEL_TARGET', message: 'is a Sentinel' } })]), down], 'misdirected', 2, 64],
  ] as const)('%s', (_, outcomes, status, hook, reconfigure) => {
    expect(overallStatus(outcomes)).toBe(status);
    expect(HOOK_EXIT[status]).toBe(hook);
    expect(RECONFIGURE_EXIT[status]).toBe(reconfigure);
  });
});

describe('outcomeLine', () => {
  it.each([
    [done([run('a'), refused]), 'demoted 10.0.0.5:6379: policy a: killed 2; policy capped: refused, 50 matched (maxKills)'],
    [done([run('dry', { dryRun: true, killed: 0, matched: 4 })]), 'demoted 10.0.0.5:6379: policy dry: dry run, would kill 4'],
    [down, 'promoted 10.0.0.6:6380: 10.0.0.6:6380: unreachable: connect ECONNREFUSED'],
  ])('%#', (o, line) => expect(outcomeLine(o)).toBe(line));
});

describe('reportOutcomes', () => {
  it('prints every target and throws the table exit code naming the failed targets', () => {
    const lines: string[] = [];
    const err = thrown(() => reportOutcomes([done([run('a')]), down], HOOK_EXIT, 'hook', (l) => lines.push(l)));
    expect(lines).toHaveLength(2);
    expect(err).toBeInstanceOf(RunOutcomeError);
    expect(err).toMatchObject({ exitCode: 1, code: 'UNREACHABLE', message: 'hook: a target was not reached, or a kill run on it failed (10.0.0.6:6380)' });
  });

  it('returns quietly when all went well', () => {
    expect(thrown(() => reportOutcomes([done([run('a')])], RECONFIGURE_EXIT, 'reconfigure', () => undefined))).toBeUndefined();
  });
});
