// `reconf-agent demo` as built: narrates a real failover with a nonzero kill count, exits 0, and leaves no server process or temp dir behind, also on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../../helpers/cli.js';
import { waitFor } from '../../helpers/servers.js';

/** What the demo printed about where it ran: its temp dir and the five ports. */
const footprint = (stdout: string) => ({
  dir: /files in (\S+)/.exec(stdout)?.[1] ?? '',
  ports: [...(/primary (.*)$/m.exec(stdout)?.[1] ?? '').matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1])),
});

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

/** The cluster demo's temp dir and six node ports. */
const clusterFootprint = (stdout: string) => ({
  dir: /files in (\S+)/.exec(stdout)?.[1] ?? '',
  ports: [...stdout.matchAll(/^.*shard \d: primary 127\.0\.0\.1:(\d+), replica 127\.0\.0\.1:(\d+)$/gm)].flatMap((m) => [Number(m[1]), Number(m[2])]),
});

const expectNothingLeft = async ({ dir, ports }: ReturnType<typeof footprint>, servers = 5) => {
  expect(dir).toMatch(/reconf-demo-/);
  expect(ports).toHaveLength(servers);
  expect(existsSync(dir)).toBe(false);
  expect(spawnSync('pgrep', ['-f', dir]).stdout.toString()).toBe('');
  for (const p of ports) expect(await listening(p)).toBe(false);
};

describe('reconf-agent demo', () => {
  it('narrates the failover, the kills and the reconnections, then cleans up and exits 0', async () => {
    const res = await runCli(['demo'], { timeoutMs: 60_000 });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('SENTINEL FAILOVER demo');
    expect(res.stdout).toMatch(/role change on 127\.0\.0\.1:\d+: master -> replica of 127\.0\.0\.1:\d+ \(demoted/);
    expect(res.stdout).toMatch(/policy shop-writers-off-old-master on 127\.0\.0\.1:\d+ \(TYPE normal USER shop\): killed [1-9]\d* client\(s\)/);
    expect(res.stdout).toMatch(/shop-1 \(user shop, normal\) reconnected to 127\.0\.0\.1:\d+: the new master/);
    expect(res.stdout).toMatch(/reaper idle-reporting: killed [1-9]\d* client\(s\)/);
    expect(res.stdout).toMatch(/done: the agent's policies closed [1-9]\d* stale connection/);
    await expectNothingLeft(footprint(res.stdout));
  }, 70_000);

  it('stops everything and removes its temp dir on Ctrl-C (exit 130)', async () => {
    const child = spawn(process.execPath, [CLI, 'demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await waitFor(async () => stdout.includes('Starting the agent'), 30_000, 'the demo to start the agent');
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toContain('SIGINT: stopping everything');
    await expectNothingLeft(footprint(stdout));
  }, 60_000);

  it('--cluster: a CLUSTER FAILOVER closes the old primary\'s shop clients once, the reaper spares the promoted node', async () => {
    const res = await runCli(['demo', '--cluster'], { timeoutMs: 60_000 });
    expect(res.code, res.stderr).toBe(0);
    const shard1 = /shard 1: primary (127\.0\.0\.1:\d+), replica (127\.0\.0\.1:\d+)/.exec(res.stdout);
    expect(shard1).not.toBeNull();
    const [, oldPrimary = '', newPrimary = ''] = shard1!;
    expect(res.stdout).toContain(`role change on demo/${oldPrimary}: master -> replica of ${newPrimary} (demoted`);
    // 3 writers and 1 subscriber, each policy once (a second report of the change runs nothing again)
    expect(res.stdout.match(/policy shop-writers-off-old-primary on .*: killed 3 client\(s\)/g)).toHaveLength(1);
    expect(res.stdout.match(/policy shop-subscribers-off-old-primary on .*: killed 1 client\(s\)/g)).toHaveLength(1);
    expect(res.stdout).toMatch(new RegExp(`shop-1 \\(user shop, normal\\) reconnected to ${newPrimary.replace(/\./g, '\\.')}: the new primary`));
    // two idle reporting clients on each of the two replicas that stayed replicas; shard 1's are on its new primary
    expect(res.stdout).toMatch(/reaper idle-reporting: killed 4 client\(s\) on 3 node\(s\)/);
    await expectNothingLeft(clusterFootprint(res.stdout), 6);
  }, 70_000);

  it('says how to install redis-server when there is none (exit 69)', async () => {
    const res = await runCli(['demo'], { env: { REDIS_SERVER_BIN: '/nonexistent/redis-server' } });
    expect(res.code).toBe(69);
    expect(res.stderr).toMatch(/^reconf-agent: demo: REDIS_SERVER_BIN=\/nonexistent\/redis-server does not exist; install it with `sudo apt-get install -y redis-server`/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });
});
