// Integration tests of how a one-shot kill's audit line reads, and of run's log format (JSON on stdout unless --log-format text), against a real server: one short readable line when stderr is a terminal (run under `script`, which gives it a pseudo-terminal), JSON when it is not or with --log-format json, and a bad --log-format refused with 64.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../helpers/agent-process.js';
import { CLI, runCli } from '../../helpers/cli.js';
import { tempConfigDir } from '../../helpers/daemon.js';
import { track } from '../../helpers/population.js';
import { freePort, startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';

/** Runs the CLI with a terminal for stdin, stdout and stderr (util-linux `script`); returns what it printed. */
const onTerminal = (args: readonly string[]): { status: number | null; output: string } => {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, output: r.stdout.replace(/\r/g, '') };
};

describe('--log-format', () => {
  let server: ServerHandle;
  const victims = async (name: string) => Promise.all([1, 2].map((i) => track(server.port, `${name}-${i}`, { name })));

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(stopAll);

  it('on a terminal, the audit line is one readable sentence', async () => {
    await victims('tty');
    const r = onTerminal(['kill', `127.0.0.1:${server.port}`, 'NAME', 'tty']);
    expect(r.status).toBe(0);
    const lines = r.output.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('{'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('killed 2 of 2 clients on '))).toHaveLength(1);
    expect(r.output).toMatch(new RegExp(`killed 2 of 2 clients on 127\\.0\\.0\\.1:${server.port} \\[NAME tty[^\\]]*\\] \\((native|emulated), \\d+ ms\\)`));
  });

  it('on a terminal with --log-format json, and whenever stderr is not a terminal, it is JSON', async () => {
    await victims('json1');
    const tty = onTerminal(['kill', `127.0.0.1:${server.port}`, 'NAME', 'json1', '--log-format', 'json']);
    expect(tty.status).toBe(0);
    const audit = tty.output.split('\n').find((l) => l.startsWith('{'));
    expect(JSON.parse(audit!)).toMatchObject({ audit: true, killed: 2, matched: 2 });

    await victims('json2');
    const piped = await runCli(['kill', `127.0.0.1:${server.port}`, 'NAME', 'json2']);
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.stderr.trim())).toMatchObject({ audit: true, killed: 2 });
  });

  it('--log-format text gives the readable line when stderr is not a terminal too', async () => {
    await victims('text');
    const r = await runCli(['kill', `127.0.0.1:${server.port}`, 'NAME', 'text', '--log-format', 'text']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toMatch(/^killed 2 of 2 clients on /);
  });

  it('refuses an unknown format with 64, before connecting', async () => {
    const r = await runCli(['kill', '127.0.0.1:1', 'NAME', 'x', '--log-format', 'yaml']);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/--log-format.*yaml.*json, text/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('run logs JSON on stdout by default, readable lines with --log-format text', async () => {
    const cfg = tempConfigDir();
    const config = async () =>
      cfg.write(`agent-${Math.random()}.yaml`, { targets: [{ name: 'cache-a', url: `redis://127.0.0.1:${server.port}` }], admin: { listen: `127.0.0.1:${await freePort()}` } });
    try {
      const json = startAgent(['run', '-c', await config()]);
      await waitFor(() => json.stdout().includes('every target polled'), 20_000, 'run ready (json)');
      expect(await json.stop()).toBe(0);
      for (const l of json.stdout().trim().split('\n')) expect(() => JSON.parse(l), l).not.toThrow();

      const text = startAgent(['run', '-c', await config(), '--log-format', 'text']);
      await waitFor(() => text.stdout().includes('info: ready: every target polled'), 20_000, `run ready (text): ${text.stdout()}`);
      expect(await text.stop()).toBe(0);
      expect(text.stdout().split('\n').filter((l) => l.startsWith('{'))).toEqual([]);
    } finally {
      cfg.cleanup();
    }
  });
});
