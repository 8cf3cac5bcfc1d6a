// Both shipped units under a real systemd as PID 1 (Debian 12: systemd 252; Debian 13: systemd 257),
// each in a freshly booted systemd-nspawn guest against the guest's own redis-server: start
// reaches active only after READY, the role change kills exactly the policy's clients, reload,
// the watchdog, stop, and the sandbox (DynamicUser, LoadCredential, ProtectSystem=strict,
// SystemCallFilter). The app and units are the Debian package's files (its staged tree), run by
// the host's node. Not shown here (cgroup v1 host): MemoryMax=, TasksMax=; LimitNOFILE= is capped.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, adminGet, agentConfig, agentLog, clientNames, demoteWithClients, epochMs, journal, mainPid, setUpGuestRedis, unitProps, waitFor } from './helpers/guest-agent.js';
import { bootGuest, ensureRoot, type Guest, type Suite } from './helpers/nspawn.js';
import { packageUnderTest } from './helpers/package-under-test.js';

/** docs/install.md's limit; the score inside each guest is recorded there too. */
const MAX_EXPOSURE = 2.0;
const GUEST_SCRIPTS = new URL('./guest', import.meta.url).pathname;
const installDoc = readFileSync(new URL('../../docs/install.md', import.meta.url), 'utf8');

const SUITES: readonly { suite: Suite }[] = [{ suite: 'bookworm' }, { suite: 'trixie' }];
const UNITS = [
  { unit: 'reconf-agent.service', config: '/etc/reconf-agent/config.yaml', password: '/etc/reconf-agent/redis-password' },
  { unit: 'reconf-agent@cache.service', config: '/etc/reconf-agent/cache.yaml', password: '/etc/reconf-agent/cache.redis-password' },
] as const;
const CASES = SUITES.flatMap((s) => UNITS.map((u) => ({ ...s, ...u })));

describe.each(CASES)('$unit on Debian $suite', ({ suite, unit, config: configPath, password }) => {
  let g: Guest;
  const dropIn = (name: string, text: string) => g.ok(`mkdir -p /run/systemd/system/${unit}.d && cat > /run/systemd/system/${unit}.d/${name}.conf && systemctl daemon-reload`, { input: text });
  const removeDropIn = (name: string) => g.ok(`rm /run/systemd/system/${unit}.d/${name}.conf && systemctl daemon-reload && systemctl reset-failed ${unit} || true`);
  const status = () => JSON.parse(adminGet(g, '/status').body) as { targets: { name: string; up: boolean }[] };

  beforeAll(async () => {
    const [{ stage }, root] = await Promise.all([packageUnderTest(), ensureRoot(suite)]);
    g = await bootGuest(root, [
      { host: process.execPath, guest: '/usr/bin/node', readOnly: true },
      { host: `${stage}/usr/lib/reconf-agent`, guest: '/usr/lib/reconf-agent', readOnly: true },
      { host: `${stage}/lib/systemd/system/reconf-agent.service`, guest: '/lib/systemd/system/reconf-agent.service', readOnly: true },
      { host: `${stage}/lib/systemd/system/reconf-agent@.service`, guest: '/lib/systemd/system/reconf-agent@.service', readOnly: true },
      { host: GUEST_SCRIPTS, guest: '/opt/host-tests', readOnly: true },
    ]);
    g.ok(
      [
        'ln -s ../lib/reconf-agent/dist/cli/main.cjs /usr/bin/reconf-agent',
        `install -d -m 0755 /etc/reconf-agent && cat > ${configPath} && chmod 0644 ${configPath}`,
        `printf %s ${PASSWORD} > ${password} && chmod 0600 ${password}`,
        'systemctl daemon-reload',
      ].join(' && '),
      { input: agentConfig() },
    );
    // The one change to the shipped unit: a 4 s watchdog instead of 30 s, so the restart test is short.
    dropIn('test-watchdog', '[Service]\nWatchdogSec=4s\n');
    await setUpGuestRedis(g);
  });
  afterAll(async () => g?.stop());

  it('reaches active (running) only after the agent said READY, and /readyz answers 200', () => {
    g.ok(`systemctl start ${unit}`, { timeoutMs: 90_000 });
    const p = unitProps(g, unit, 'ActiveState', 'SubState', 'Type', 'StatusText', 'ExecMainStartTimestamp', 'ActiveEnterTimestamp');
    expect(p).toMatchObject({ ActiveState: 'active', SubState: 'running', Type: 'notify' });
    const ready = agentLog(g, unit).find((l) => l.msg === 'ready: every target polled');
    expect(ready, 'the agent logged that it is ready').toBeDefined();
    // Type=notify: systemd entered "active" after the READY=1 the agent sends right after that line.
    const readyAt = Date.parse(String(ready!.time));
    expect(epochMs(p.ExecMainStartTimestamp!)).toBeLessThanOrEqual(readyAt + 1);
    expect(epochMs(p.ActiveEnterTimestamp!)).toBeGreaterThanOrEqual(readyAt);
    expect(p.StatusText).not.toBe('');
    expect(adminGet(g, '/readyz').status).toBe(200);
  });

  it('runs as a dynamic user that gets the password only through the credential', () => {
    const pid = mainPid(g, unit);
    const uid = Number(/^Uid:\s+(\d+)/m.exec(g.ok(`cat /proc/${pid}/status`))![1]);
    const gid = Number(/^Gid:\s+(\d+)/m.exec(g.ok(`cat /proc/${pid}/status`))![1]);
    expect(uid).toBeGreaterThanOrEqual(61184); // systemd's DynamicUser= range is 61184-65519
    expect(uid).toBeLessThanOrEqual(65519);
    // The file itself: root's only; that user cannot read it.
    expect(g.ok(`stat -c %a:%U ${password}`).trim()).toBe('600:root');
    const asAgent = g.sh(`setpriv --reuid=${uid} --regid=${gid} --clear-groups cat ${password}`);
    expect(asAgent.status).not.toBe(0);
    expect(asAgent.stderr).toMatch(/Permission denied/);
    // What it has instead: $CREDENTIALS_DIRECTORY/redis-password, and no password in its config.
    const env = g.ok(`tr '\\0' '\\n' < /proc/${pid}/environ`);
    const credDir = /^CREDENTIALS_DIRECTORY=(.*)$/m.exec(env)?.[1];
    expect(credDir).toBe(`/run/credentials/${unit}`);
    expect(g.ok(`cat ${credDir}/redis-password`)).toBe(PASSWORD);
    expect(g.ok(`cat ${configPath}`)).not.toContain(PASSWORD);
    // ...and with it, it is logged in to the password-protected server, never printing it.
    expect(clientNames(g, 6379)['reconf-agent']).toBeGreaterThanOrEqual(1);
    expect(journal(g, unit)).not.toContain(PASSWORD);
  });

  it('cannot write outside its private /tmp: the system is read-only to it (ProtectSystem=strict, ProtectHome)', () => {
    const pid = mainPid(g, unit);
    const st = g.ok(`cat /proc/${pid}/status`);
    const [uid, gid] = [/^Uid:\s+(\d+)/m, /^Gid:\s+(\d+)/m].map((re) => re.exec(st)![1]);
    // In its mount namespace even root gets "read-only": that is ProtectSystem=strict, not file modes.
    for (const dir of ['/etc', '/usr/local', '/var/lib', '/var/log', '/opt', '/srv']) {
      const r = g.sh(`nsenter -t ${pid} -m touch ${dir}/.reconf-probe`);
      expect(r.status, `${dir} is read-only in the sandbox`).not.toBe(0);
      expect(r.stderr).toMatch(/Read-only file system/);
    }
    g.ok('touch /root/.reconf-probe');
    expect(g.sh(`nsenter -t ${pid} -m ls -A /root`).stdout, 'ProtectHome: /root is empty to it').not.toContain('.reconf-probe');
    // As the agent's own user, in its own view: its config directory is not its to write either
    // (ConfigurationDirectory= is a writable mount, but root's, mode 0755); its /tmp is, and private.
    const asAgent = (cmd: string) => g.sh(`nsenter -t ${pid} -m setpriv --reuid=${uid} --regid=${gid} --clear-groups ${cmd}`);
    expect(asAgent('touch /etc/reconf-agent/.reconf-probe').stderr).toMatch(/Permission denied|Read-only file system/);
    expect(asAgent('touch /tmp/.reconf-probe').status).toBe(0);
    expect(g.sh('test -e /tmp/.reconf-probe').status, 'its /tmp is its own').not.toBe(0);
    // The control: outside the sandbox, root in the guest writes /etc.
    expect(g.sh('touch /etc/.reconf-probe && rm /etc/.reconf-probe').status).toBe(0);
  });

  it('runs under a seccomp filter', () => {
    const st = g.ok(`cat /proc/${mainPid(g, unit)}/status`);
    expect(/^Seccomp:\s+(\d)/m.exec(st)?.[1]).toBe('2');
    expect(Number(/^Seccomp_filters:\s+(\d+)/m.exec(st)?.[1])).toBeGreaterThanOrEqual(1);
  });

  it("on a role change (REPLICAOF) kills exactly the policy's clients, with one audit line", async () => {
    const { left, audits, replicaLink } = await demoteWithClients(g, unit);
    expect(left.other).toBe(2);
    expect(left['reconf-agent']).toBeGreaterThanOrEqual(1);
    expect(replicaLink, 'the replication link the swap made (6379 -> 6380) is untouched').toBe(true);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ killed: 3, matched: 3 });
    expect(JSON.stringify(audits[0])).toContain('demoted-app');
  });

  it('reload keeps the main process and takes the new config; a broken config keeps the old one', async () => {
    const pid = mainPid(g, unit);
    g.ok(`cat > ${configPath} && systemctl reload ${unit}`, { input: agentConfig(true) });
    await waitFor('the second target in /status', () => status().targets.some((t) => t.name === 'second' && t.up));
    expect(mainPid(g, unit)).toBe(pid);
    g.ok(`cat > ${configPath} && systemctl reload ${unit}`, { input: `${agentConfig(true)}watch: { pollIntervalMs: -5 }\n` });
    await waitFor('the refused reload in the log', () => agentLog(g, unit).some((l) => String(l.msg).startsWith('reload refused')));
    expect(unitProps(g, unit, 'ActiveState').ActiveState).toBe('active');
    expect(mainPid(g, unit)).toBe(pid);
    expect(status().targets.map((t) => t.name).sort()).toEqual(['local', 'second']);
    g.ok(`cat > ${configPath}`, { input: agentConfig() });
  });

  it('is restarted by the watchdog when the process stops answering (SIGSTOP)', async () => {
    const pid = mainPid(g, unit);
    const restarts = Number(unitProps(g, unit, 'NRestarts').NRestarts);
    g.ok(`kill -STOP ${pid}`);
    await waitFor('a new main process', () => {
      const p = unitProps(g, unit, 'MainPID', 'ActiveState', 'SubState');
      return Number(p.MainPID) !== pid && Number(p.MainPID) !== 0 && p.ActiveState === 'active' && p.SubState === 'running';
    }, 45_000);
    expect(Number(unitProps(g, unit, 'NRestarts').NRestarts)).toBe(restarts + 1);
    expect(journal(g, unit)).toMatch(/[Ww]atchdog timeout/);
    await waitFor('/readyz 200 again', () => adminGet(g, '/readyz').status === 200);
  });

  it('stops cleanly (Result=success, exit status 0)', () => {
    g.ok(`systemctl stop ${unit}`, { timeoutMs: 60_000 });
    expect(unitProps(g, unit, 'ActiveState', 'Result', 'ExecMainStatus')).toEqual({ ActiveState: 'inactive', Result: 'success', ExecMainStatus: '0' });
    expect(journal(g, unit)).toMatch(/Deactivated successfully/);
    expect(agentLog(g, unit).some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM')).toBe(true);
  });

  it('is killed with SIGSYS by a call its filter denies (setpriority, in @resources)', () => {
    dropIn('test-denied', "[Service]\nRestart=no\nExecStartPre=/usr/bin/node -e \"require('os').setPriority(0, 5)\"\n");
    expect(g.sh(`systemctl start ${unit}`, { timeoutMs: 60_000 }).status).not.toBe(0);
    expect(unitProps(g, unit, 'Result').Result).toBe('signal');
    expect(journal(g, unit)).toMatch(/status=31\/SYS/);
    removeDropIn('test-denied');
  });

  it('needs the explicit pkey_alloc allow: without it Node dies at start with SIGSYS', () => {
    dropIn('test-no-pkey', '[Service]\nRestart=no\nSystemCallFilter=~pkey_alloc\n');
    const before = (journal(g, unit).match(/status=31\/SYS/g) ?? []).length;
    expect(g.sh(`systemctl start ${unit}`, { timeoutMs: 60_000 }).status).not.toBe(0);
    expect(unitProps(g, unit, 'Result').Result).toBe('signal');
    expect((journal(g, unit).match(/status=31\/SYS/g) ?? []).length).toBe(before + 1);
    removeDropIn('test-no-pkey');
    // and the shipped unit, with the allow, starts again
    g.ok(`systemctl start ${unit}`, { timeoutMs: 90_000 });
    expect(unitProps(g, unit, 'ActiveState').ActiveState).toBe('active');
    g.ok(`systemctl stop ${unit}`, { timeoutMs: 60_000 });
  });

  it(`scores below ${MAX_EXPOSURE} in systemd-analyze security, as docs/install.md records`, () => {
    const version = /systemd (\d+)/.exec(g.ok('systemctl --version'))![1];
    const out = g.ok(`systemd-analyze security ${unit} --no-pager`);
    const score = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(out)?.[1]);
    process.stdout.write(`exposure of ${unit} under systemd ${version}: ${score}\n`);
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(MAX_EXPOSURE);
    expect(installDoc).toContain(`| systemd ${version} | ${score.toFixed(1)} |`);
  });
});
