// Unit tests of --log-format text: each kind of audit line (killed, dry run, refused, failed, by a policy) reads as one sentence, other entries as "level: message key=value".
import { describe, expect, it } from 'vitest';
import { textLine } from '../../../src/log/text-line.js';

const audit = { level: 30, time: '2026-12-02T04:00:00.000Z', pid: 1, service: 'reconf-agent', audit: true, target: '10.0.0.5:6379', trigger: { kind: 'cli', name: 'kill' }, filter: 'TYPE normal USER app', plan: 'native', matched: 3, killed: 3, durationMs: 4, listMs: 0, killMs: 2, dryRun: false, refused: false, msg: 'kill run' };

describe('textLine', () => {
  it('says what a kill run closed, where, with which filter and plan', () => {
    expect(textLine(audit)).toBe('killed 3 of 3 clients on 10.0.0.5:6379 [TYPE normal USER app] (native, 4 ms)');
    expect(textLine({ ...audit, matched: 1, killed: 1 })).toBe('killed 1 of 1 client on 10.0.0.5:6379 [TYPE normal USER app] (native, 4 ms)');
  });

  it('says a dry run would kill, and never lists the clients', () => {
    const line = textLine({ ...audit, dryRun: true, killed: 0, wouldKill: [{ id: '7', addr: '10.0.0.9:5000' }], msg: 'kill run (dry run: nothing killed)' });
    expect(line).toBe('dry run: would kill 3 clients on 10.0.0.5:6379 [TYPE normal USER app] (native, 4 ms)');
  });

  it('says a maxKills refusal killed nothing', () => {
    const line = textLine({ ...audit, level: 40, refused: true, killed: 0, matched: 600, error: { code: 'MAX_KILLS_EXCEEDED', message: '600 clients match, more than maxKills (500)' } });
    expect(line).toBe('refused on 10.0.0.5:6379 [TYPE normal USER app]: 600 clients match, more than maxKills (500); nothing killed');
  });

  it('says why a run failed and how far it got', () => {
    const line = textLine({ ...audit, level: 40, killed: 1, error: { code: 'UNREACHABLE', message: 'connection lost' } });
    expect(line).toBe('kill run failed on 10.0.0.5:6379 [TYPE normal USER app]: UNREACHABLE: connection lost (killed 1 of 3 clients) (native, 4 ms)');
  });

  it('names the policy and the role change that started a daemon run', () => {
    expect(textLine({ ...audit, trigger: { kind: 'policy', name: 'demoted-app', event: 'demoted' } })).toMatch(/^policy demoted-app \(demoted\): killed 3 of 3 clients /);
  });

  it('writes other entries as level, message and their own fields', () => {
    expect(textLine({ level: 40, time: 't', pid: 1, service: 'reconf-agent', component: 'run', target: 'cache-a', error: 'timed out', msg: 'target unreachable' })).toBe('warn: target unreachable target=cache-a error="timed out"');
  });
});
