// `reconf-agent run` as systemd runs it: config errors (all at once, exit 78), check-config redaction, JSON logs
// on stdout with no password, sd_notify messages to a real NOTIFY_SOCKET, SIGHUP with a broken then a good file,
// SIGTERM exit 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { killDaemons, spawnDaemon, tempConfigDir } from '../../helpers/daemon.js';
import { startReplica, startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';
import { FAST_SYNC } from '../../helpers/topology.js';

const PASSWORD = 'hunter2-not-in-logs';

/** A unix datagram socket (python3: Node has none) printing each sd_notify message it receives. */
const notifySocket = (): { path: string; messages: string[]; proc: ChildProcess } => {
  const path = join(tmpdir(), `reconf-notify-${process.pid}-${Date.now()}.sock`);
  const script = 'import socket,sys\ns=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\ns.bind(sys.argv[1])\nprint("bound",flush=True)\nwhile True:\n  print(s.recv(65536).decode().replace("\\n"," "),flush=True)\n';
  const proc = spawn('python3', ['-c', script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const messages: string[] = [];
  proc.stdout!.on('data', (d: Buffer) => messages.push(...d.toString().split('\n').filter(Boolean)));
  return { path, messages, proc };
};

describe('reconf-agent run and check-config', () => {
  let a: ServerHandle;
  let b: ServerHandle;
  const files = tempConfigDir();
  let notify: ReturnType<typeof notifySocket>;
  const auth = { username: 'reconf-agent', passwordFile: '' };
  const doc = (policy: string) => ({
    targets: [
      { name: 'a', url: `redis://127.0.0.1:${a.port}` },
      { name: 'b', url: `redis://127.0.0.1:${b.port}` },
    ],
    auth,
    watch: { pollIntervalMs: 100, timeoutMs: 1000 },
    policies: [{ name: policy, on: 'demoted', filter: 'TYPE normal NAME app' }],
    admin: { listen: '' },
  });
  beforeAll(async () => {
    a = await startServer(FAST_SYNC);
    b = await startReplica(a, FAST_SYNC);
    // The agent logs in as its own ACL user with a password; apps stay the default user.
    for (const s of [a, b]) await (await s.client()).call('ACL', 'SETUSER', 'reconf-agent', 'on', `>${PASSWORD}`, '~*', '&*', '+@all');
    auth.passwordFile = files.write('password', `${PASSWORD}\n`);
    notify = notifySocket();
    await waitFor(async () => notify.messages.includes('bound'), 10_000, 'the notify socket');
  });
  afterAll(async () => {
    notify.proc.kill();
    await killDaemons();
    await stopAll();
    files.cleanup();
  });

  it('reports every config problem at once, with key paths, and exits 78', async () => {
    const bad = files.write('bad.yaml', { targets: [{ url: 'nope::' }], watch: { pollIntervalMs: 0 }, policies: [{ name: 'p', on: 'failover', filter: 'TYPE normal' }], reapers: [{ name: 'r', schedule: 'soon', filter: 'IDLE 5' }] });
    for (const cmd of ['run', 'check-config']) {
      const res = await runCli([cmd, '-c', bad]);
      expect(res.code).toBe(78);
      for (const path of ['targets[0].url', 'watch.pollIntervalMs', 'policies[0].on', 'reapers[0].schedule']) expect(res.stderr).toContain(path);
    }
  });

  it('check-config prints the effective config with the password redacted', async () => {
    const res = await runCli(['check-config', '-c', files.write('good.yaml', doc('old-policy'))]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('pollIntervalMs: 100');
    expect(res.stdout).toContain('password: (redacted)');
    expect(res.stdout + res.stderr).not.toContain(PASSWORD);
  });

  it('runs, notifies systemd, keeps the old config on a broken SIGHUP, takes a good one, and stops on SIGTERM', async () => {
    const path = files.write('live.yaml', doc('old-policy'));
    const agent = spawnDaemon(path, { NOTIFY_SOCKET: notify.path, WATCHDOG_USEC: '400000' });
    await agent.waitForLog((l) => l.msg === 'ready: every target polled', 'ready');
    await waitFor(async () => notify.messages.some((m) => m.includes('READY=1')) && notify.messages.some((m) => m.includes('WATCHDOG=1')), 10_000, 'READY=1 and WATCHDOG=1');

    files.write('live.yaml', 'policies: [ {name: broken\n');
    agent.child.kill('SIGHUP');
    const refused = await agent.waitForLog((l) => l.msg === 'reload refused: the new config is invalid; the running config stays', 'the refused reload');
    expect(String(refused.problems)).toContain('not valid YAML');

    const app = await a.client({ name: 'app' });
    await (await b.client()).call('REPLICAOF', 'NO', 'ONE');
    await (await a.client()).call('REPLICAOF', '127.0.0.1', String(b.port));
    const oldRun = await agent.waitForLog((l) => l.audit === true && l.target === 'a', 'a kill run under the old config');
    expect(oldRun).toMatchObject({ trigger: { name: 'old-policy', event: 'demoted' }, killed: 1 });
    await waitFor(async () => app.status === 'end', 5000, 'the app client to close');

    files.write('live.yaml', doc('new-policy'));
    agent.child.kill('SIGHUP');
    await agent.waitForLog((l) => l.msg === 'config reloaded', 'the reload');
    await waitFor(async () => notify.messages.some((m) => m.includes('RELOADING=1')), 5000, 'RELOADING=1');
    await b.client({ name: 'app' });
    await (await a.client()).call('REPLICAOF', 'NO', 'ONE');
    await (await b.client()).call('REPLICAOF', '127.0.0.1', String(a.port));
    const newRun = await agent.waitForLog((l) => l.audit === true && l.target === 'b', 'a kill run under the new config');
    expect(newRun).toMatchObject({ trigger: { name: 'new-policy' }, killed: 1 });

    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(agent.lines.at(-1)).toMatchObject({ msg: 'stopped' });
    await waitFor(async () => notify.messages.some((m) => m.includes('STOPPING=1')), 5000, 'STOPPING=1');
    const ready = notify.messages.findIndex((m) => m.includes('RELOADING=1'));
    expect(notify.messages.slice(ready + 1).some((m) => m.includes('READY=1'))).toBe(true);
    expect(JSON.stringify(agent.lines) + agent.stderr()).not.toContain(PASSWORD);
  });
});
