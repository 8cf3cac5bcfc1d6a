// Password and config files that could hang a read (a FIFO), or are not files (a directory), or are empty, are
// one clear error at once: exit 64 on the CLI, 78 for a config, and a refused SIGHUP reload leaves the daemon answering.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { killDaemons, spawnDaemon, tempConfigDir } from '../../helpers/daemon.js';
import { startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

const env = { REDISCLI_AUTH: '' };

const refused = (res: CliResult, code: number, pattern: RegExp): void => {
  expect(res.code, res.stderr).toBe(code);
  expect(res.stderr.trim().split('\n')).toHaveLength(1);
  expect(res.stderr).toMatch(pattern);
};

describe('file reads that cannot hang', () => {
  let server: ServerHandle;
  let fifo: string;
  let empty: string;
  let dir: string;
  const files = tempConfigDir();
  beforeAll(async () => {
    server = await startServer();
    fifo = join(server.dir, 'password.fifo');
    execFileSync('mkfifo', [fifo]);
    empty = join(server.dir, 'empty.password');
    writeFileSync(empty, '');
    dir = join(server.dir, 'a-directory');
    mkdirSync(dir);
  });
  afterAll(async () => {
    await killDaemons();
    await stopAll();
    files.cleanup();
  });

  it('--password-file naming a FIFO, a directory or an empty file: exit 64 at once', async () => {
    refused(await runCli(['list', server.addr, '--password-file', fifo], { env, timeoutMs: 5000 }), 64, /password file .* it is a FIFO; give a regular file/);
    refused(await runCli(['list', server.addr, '--password-file', dir], { env, timeoutMs: 5000 }), 64, /it is a directory; give a regular file/);
    refused(await runCli(['kill', server.addr, 'TYPE', 'normal', '--password-file', empty], { env, timeoutMs: 5000 }), 64, /password file .* is empty/);
  });

  it('auth.passwordFile or -c naming a FIFO: exit 78 at once', async () => {
    const path = files.write('fifo-auth.yaml', { targets: [{ url: server.addr }], auth: { passwordFile: fifo } });
    refused(await runCli(['check-config', '-c', path], { env, timeoutMs: 5000 }), 78, /auth\.passwordFile: cannot read password file .* it is a FIFO/);
    refused(await runCli(['check-config', '-c', fifo], { env, timeoutMs: 5000 }), 78, /cannot read: it is a FIFO/);
    const emptyAuth = files.write('empty-auth.yaml', { targets: [{ url: server.addr }], auth: { passwordFile: empty } });
    refused(await runCli(['check-config', '-c', emptyAuth], { env, timeoutMs: 5000 }), 78, /auth\.passwordFile: password file .* is empty/);
  });

  it('a SIGHUP whose config names a FIFO is refused; the daemon keeps polling and answering /healthz', async () => {
    const good = { targets: [{ name: 'node', url: server.addr }], watch: { pollIntervalMs: 100 }, admin: { listen: '127.0.0.1:0' } };
    const path = files.write('hup.yaml', good);
    const agent = spawnDaemon(path, env);
    const listening = await agent.waitForLog((l) => l.msg === 'admin server listening', 'the admin server');
    await agent.waitForLog((l) => l.msg === 'ready: every target polled', 'ready');
    files.write('hup.yaml', { ...good, auth: { passwordFile: fifo } });
    agent.child.kill('SIGHUP');
    const refusal = await agent.waitForLog((l) => l.level === 50 && /reload refused/.test(String(l.msg)), 'the refused reload', 5000);
    expect(JSON.stringify(refusal.problems)).toMatch(/it is a FIFO/);
    const res = await fetch(`http://${String(listening.listen)}/healthz`, { signal: AbortSignal.timeout(2000) });
    expect(await res.text()).toBe('ok\n');
    const status = (await (await fetch(`http://${String(listening.listen)}/status`, { signal: AbortSignal.timeout(2000) })).json()) as { targets: { up: boolean }[] };
    expect(status.targets[0]!.up).toBe(true);
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  });
});
