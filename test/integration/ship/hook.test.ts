// The Sentinel hook and `reconfigure` as built CLIs against real servers, logged in as the docs' ACL user: idempotent repeats, --leader-only, and every documented exit code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { configDir, startPrimaryReplica } from '../../helpers/agent-setup.js';
import { connectApps, connectedAs } from '../../helpers/app-clients.js';
import { freePort, startSentinel, stopAll, type ServerHandle } from '../../helpers/servers.js';

const PASSWORD = 'agent-secret-1';

describe('hook and reconfigure', () => {
  let master: ServerHandle;
  let replica: ServerHandle;
  const files = configDir();
  let cfg: string;
  const config = (policies: unknown[]) => ({
    targets: [{ url: 'redis://127.0.0.1:1' }],
    auth: files.agentAuth(PASSWORD),
    policies,
  });
  const hookArgs = (role: string, fromPort: number, to: ServerHandle, config = cfg) =>
    ['hook', 'mymaster', role, 'start', '127.0.0.1', String(fromPort), '127.0.0.1', String(to.port), '-c', config];

  beforeAll(async () => {
    ({ master, replica } = await startPrimaryReplica(PASSWORD, ['app', 'reader']));
    cfg = files.write(
      'config.yaml',
      config([
        { name: 'app-off-old-master', on: 'demoted', filter: 'TYPE normal USER app' },
        { name: 'app-subscribers-off-old-master', on: 'demoted', filter: 'TYPE pubsub USER app' },
        { name: 'readers-off-new-master', on: 'promoted', filter: 'TYPE normal USER reader' },
      ]),
    );
  });
  afterAll(async () => {
    await stopAll();
    files.cleanup();
  });

  it('kills each stale client once when three Sentinels call it, and leaves the rest alone', async () => {
    await connectApps(master, 'app', 3);
    await connectApps(master, 'app', 1, 'orders');
    await connectApps(master, 'reader', 1);
    await connectApps(replica, 'reader', 2);
    await connectApps(replica, 'app', 1);
    const runs = [];
    for (const role of ['leader', 'observer', 'observer']) runs.push(await runCli(hookArgs(role, master.port, replica)));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(runs[0]!.stdout).toContain(`demoted ${master.addr}: policy app-off-old-master: killed 3; policy app-subscribers-off-old-master: killed 1`);
    expect(runs[0]!.stdout).toContain(`promoted ${replica.addr}: policy readers-off-new-master: killed 2`);
    for (const later of runs.slice(1)) {
      expect(later.stdout).toContain(`demoted ${master.addr}: policy app-off-old-master: killed 0; policy app-subscribers-off-old-master: killed 0`);
      expect(later.stdout).toContain(`promoted ${replica.addr}: policy readers-off-new-master: killed 0`);
    }
    expect(runs[0]!.stderr).toContain('"audit":true');
    expect(await connectedAs(master, 'app')).toBe(0);
    expect(await connectedAs(master, 'reader')).toBe(1);
    expect(await connectedAs(replica, 'reader')).toBe(0);
    expect(await connectedAs(replica, 'app')).toBe(1);
  });

  it('--leader-only: an observer exits 0 and kills nothing', async () => {
    await connectApps(master, 'app', 2);
    const res = await runCli([...hookArgs('observer', master.port, replica), '--leader-only']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("observer for 'mymaster' with --leader-only: nothing to do");
    expect(await connectedAs(master, 'app')).toBe(2);
  });

  it('exits 1 (Sentinel retries) when the old master is unreachable, having run the promoted policies', async () => {
    await connectApps(replica, 'reader', 1);
    const res = await runCli(hookArgs('leader', await freePort(), replica));
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/reconf-agent: hook: a target was not reached, or a kill run on it failed \(127\.0\.0\.1:\d+\)/);
    expect(res.stdout).toContain(`promoted ${replica.addr}: policy readers-off-new-master: killed 1`);
  });

  it.each([
    ['too few arguments', ['mymaster', 'leader', 'start', '127.0.0.1', '1'], /expected 7 arguments, got 5/],
    ['an unknown role', ['mymaster', 'boss', 'start', '127.0.0.1', '1', '127.0.0.1', '2'], /<role> 'boss' is not one of leader, observer/],
    ['a missing config', ['mymaster', 'leader', 'start', '127.0.0.1', '1', '127.0.0.1', '2', '-c', '/nonexistent.yaml'], /config: \/nonexistent.yaml: cannot read: ENOENT/],
  ])('exits 2 (no retry), one line, kills nothing, on %s', async (_, args, message) => {
    await connectApps(master, 'app', 1);
    const before = await connectedAs(master, 'app');
    const res = await runCli(['hook', ...args]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(await connectedAs(master, 'app')).toBe(before);
  });

  it('exits 2 when a maxKills cap refuses, killing nothing', async () => {
    await connectApps(master, 'app', 2);
    const before = await connectedAs(master, 'app');
    const capped = files.write('capped.yaml', config([{ name: 'capped', on: 'demoted', filter: 'TYPE normal USER app', maxKills: 1 }]));
    const res = await runCli(hookArgs('leader', master.port, replica, capped));
    expect(res.code).toBe(2);
    expect(res.stdout).toContain(`policy capped: refused, ${before} matched (maxKills)`);
    expect(await connectedAs(master, 'app')).toBe(before);
  });

  describe('reconfigure', () => {
    it.each([
      ['done', () => ['--target', master.addr, '--event', 'demoted', '-c', cfg], 0, /policy app-off-old-master: killed [1-9]/],
      ['bad arguments', () => ['--target', master.addr, '--event', 'failover', '-c', cfg], 64, /--event 'failover' is not one of demoted, promoted, master-changed/],
      ['unreachable', () => ['--target', '127.0.0.1:1', '--event', 'demoted', '-c', cfg], 69, /reconfigure: a target was not reached/],
      ['bad config', () => ['--target', master.addr, '--event', 'demoted', '-c', files.write('bad.yaml', { policies: [{ name: 'x', on: 'sometimes' }] })], 78, /config has \d+ problems/],
    ])('%s: exit %s', async (_, args, code, message) => {
      await connectApps(master, 'app', 1);
      const res = await runCli(['reconfigure', ...args()]);
      expect(res.code).toBe(code);
      expect(res.stdout + res.stderr).toMatch(message);
    });

    it('a target that is a Sentinel: exit 64, nothing killed there, the audit line says why', async () => {
      const sentinel = await startSentinel('reconf-misdirected', master, { quorum: 1 });
      const before = String(await (await sentinel.client()).call('CLIENT', 'LIST'));
      // no auth: the Sentinel has no agent user, and the point is what happens once logged in
      const noAuth = files.write('no-auth.yaml', { ...config([{ name: 'app-off-old-master', on: 'demoted', filter: 'TYPE normal' }]), auth: {} });
      const res = await runCli(['reconfigure', '--target', sentinel.addr, '--event', 'demoted', '-c', noAuth]);
      expect(res.code, res.stderr).toBe(64);
      expect(res.stdout + res.stderr).toMatch(/is a Sentinel \(INFO server: redis_mode:sentinel\).*nothing was killed: check the address/);
      const after = String(await (await sentinel.client()).call('CLIENT', 'LIST'));
      for (const id of [...before.matchAll(/\bid=(\d+)/g)].map((m) => m[1])) expect(after).toContain(`id=${id} `);
    });

    it('refused by maxKills: exit 75, nothing killed', async () => {
      await connectApps(master, 'app', 2);
      const before = await connectedAs(master, 'app');
      const capped = files.write('capped2.yaml', config([{ name: 'capped', on: 'master-changed', filter: 'TYPE normal USER app', maxKills: 1 }]));
      const res = await runCli(['reconfigure', '--target', master.addr, '--event', 'master-changed', '-c', capped]);
      expect(res.code).toBe(75);
      expect(await connectedAs(master, 'app')).toBe(before);
    });
  });
});
