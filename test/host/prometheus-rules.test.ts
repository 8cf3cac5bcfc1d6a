// The alert rules in config/prometheus/ load in Debian's promtool, and their unit tests (a firing
// and a quiet case per alert) pass; the tests cover every alert the rules define.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { debianPrometheus } from './helpers/prometheus.js';

const DIR = new URL('../../config/prometheus/', import.meta.url).pathname;
const RULES = `${DIR}reconf-agent.rules.yml`;
const TESTS = `${DIR}reconf-agent.rules.test.yml`;

interface RuleTests {
  tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
}

describe('Prometheus alert rules', () => {
  let promtool: string;
  beforeAll(() => {
    promtool = debianPrometheus().promtool;
  }, 300_000);

  it('pass promtool check rules', () => {
    const r = spawnSync(promtool, ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('SUCCESS: 7 rules found');
    expect(r.status).toBe(0);
  });

  it('pass promtool test rules', () => {
    const r = spawnSync(promtool, ['test', 'rules', TESTS], { encoding: 'utf8', cwd: DIR });
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('have a firing and a quiet case for every alert', () => {
    const alerts = (parse(readFileSync(RULES, 'utf8')) as { groups: { rules: { alert: string }[] }[] }).groups.flatMap((g) => g.rules.map((r) => r.alert));
    const cases = (parse(readFileSync(TESTS, 'utf8')) as RuleTests).tests.flatMap((t) => t.alert_rule_test);
    expect(alerts).toEqual(expect.arrayContaining(['ReconfAgentDown', 'ReconfAgentTargetDown', 'ReconfAgentTargetHeldForFlapping', 'ReconfAgentKillErrors', 'ReconfAgentKillRefusedByMaxKills', 'ReconfAgentSentinelLinkDown', 'ReconfAgentNoRolePolls']));
    for (const alert of alerts) {
      const mine = cases.filter((c) => c.alertname === alert);
      expect(mine.some((c) => c.exp_alerts.length > 0), `${alert} fires in a test`).toBe(true);
      expect(mine.some((c) => c.exp_alerts.length === 0), `${alert} stays quiet in a test`).toBe(true);
    }
  });
});
