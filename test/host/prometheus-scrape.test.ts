// Debian's real Prometheus scrapes a running agent (against a real redis-server) and answers a
// reconf_agent_ series through its HTTP API, with the alert rules loaded; and every metric the
// rules and the Grafana dashboard name is one the agent's /metrics really exports.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killDaemons, spawnDaemon, tempConfigDir } from '../helpers/daemon.js';
import { freePort, startServer, stopAll, waitFor } from '../helpers/servers.js';
import { debianPrometheus } from './helpers/prometheus.js';

const RULES = new URL('../../config/prometheus/reconf-agent.rules.yml', import.meta.url).pathname;
const DASHBOARD = new URL('../../config/grafana/reconf-agent.json', import.meta.url).pathname;
/** Series Prometheus makes itself, which the rules may use: `up` is how "agent down" is seen. */
const PROMETHEUS_OWN = new Set(['up']);

/** Metric names (families, and a histogram's _bucket/_sum/_count) in a /metrics text. */
const exported = (text: string): Set<string> => {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(`${name}${s}`);
  }
  return names;
};

/** Every metric-like identifier a PromQL expression names (no functions, labels or keywords). */
const namedIn = (expr: string): string[] => [...expr.matchAll(/\b(reconf_agent_\w+|up)\b(?=\s*[{[)=!<>]|\s*$)/g)].map((m) => m[1]!);

describe('Prometheus and Grafana against a running agent', () => {
  let adminPort: number;
  let cfg: ReturnType<typeof tempConfigDir>;
  beforeAll(async () => {
    const server = await startServer();
    adminPort = await freePort();
    cfg = tempConfigDir();
    const path = cfg.write('agent.yaml', {
      targets: [{ name: 'cache-a', url: `redis://127.0.0.1:${server.port}` }],
      watch: { pollIntervalMs: 200 },
      policies: [{ name: 'demoted-app', on: 'demoted', filter: 'TYPE normal USER app' }],
      admin: { listen: `127.0.0.1:${adminPort}` },
    });
    const agent = spawnDaemon(path);
    await agent.waitForLog((l) => l.msg === 'ready: every target polled', 'the agent ready');
  }, 60_000);
  afterAll(async () => {
    await killDaemons();
    await stopAll();
    cfg?.cleanup();
  });

  it('the rules and the dashboard name only metrics the agent exports', async () => {
    const names = exported(await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text());
    const rules = readFileSync(RULES, 'utf8')
      .split('\n')
      .filter((l) => /^\s+expr: /.test(l))
      .map((l) => l.replace(/^\s+expr: /, ''));
    const dashboard = (JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { targets: { expr: string }[] }[] }).panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(rules).toHaveLength(7);
    expect(dashboard.length).toBeGreaterThan(10);
    const used = new Set([...rules, ...dashboard].flatMap(namedIn));
    expect([...used].filter((n) => n.startsWith('reconf_agent_')).length).toBeGreaterThanOrEqual(15);
    for (const n of used) expect(names.has(n) || PROMETHEUS_OWN.has(n), `${n} is in /metrics`).toBe(true);
  });

  it("Debian's prometheus scrapes the agent and answers a reconf_agent_ series, with the rules loaded", async () => {
    const { prometheus } = debianPrometheus();
    const dir = mkdtempSync(join(tmpdir(), 'reconf-prometheus-'));
    const port = await freePort();
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: [${JSON.stringify(RULES)}]
scrape_configs:
  - job_name: reconf-agent
    static_configs: [{ targets: ["127.0.0.1:${adminPort}"] }]
`,
    );
    let out = '';
    const child: ChildProcess = spawn(
      prometheus,
      [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const api = async (path: string) => (await (await fetch(`http://127.0.0.1:${port}/api/v1/${path}`)).json()) as { status: string; data: { result?: { metric: Record<string, string>; value: [number, string] }[]; groups?: { rules: { name: string; health: string }[] }[] } };
    try {
      let series: { metric: Record<string, string>; value: [number, string] }[] = [];
      await waitFor(
        async () => {
          try {
            series = (await api(`query?query=${encodeURIComponent('reconf_agent_target_up{target="cache-a"}')}`)).data.result ?? [];
          } catch {
            series = [];
          }
          return series.length > 0;
        },
        60_000,
        `a scraped reconf_agent_target_up series; prometheus said:\n${out}`,
      );
      expect(series[0]!.metric).toMatchObject({ __name__: 'reconf_agent_target_up', job: 'reconf-agent', target: 'cache-a' });
      expect(series[0]!.value[1]).toBe('1');
      const up = (await api(`query?query=${encodeURIComponent('up{job="reconf-agent"}')}`)).data.result!;
      expect(up.map((s) => s.value[1])).toEqual(['1']);
      const rules = async () => ((await api('rules')).data.groups ?? []).flatMap((g) => g.rules);
      await waitFor(async () => (await rules()).length === 7 && (await rules()).every((r) => r.health === 'ok'), 20_000, 'the 7 rules loaded and evaluated');
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
