// No password from the input is ever written: bad URLs, credentials without a scheme, config problems,
// a SIGHUP reload log and reconfigure's warn, report and error lines, all against a real server.
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { serverAndConfigDir, spawnDaemon } from '../../helpers/daemon.js';

const env = { REDISCLI_AUTH: '' };

/** One line on stderr, the exit code, and no trace of `secret` anywhere. */
const refusedWithout = (res: CliResult, code: number, secret: string): void => {
  expect(`${res.stdout}${res.stderr}`).not.toContain(secret);
  expect(res.stderr).not.toMatch(/\n\s+at /);
  expect(res.code).toBe(code);
  expect(res.stderr.trim().split('\n')).toHaveLength(1);
};

describe('secrets are never echoed', () => {
  const setup = serverAndConfigDir();
  const { files } = setup;

  it('a URL that does not parse: exit 64, the password redacted', async () => {
    const res = await runCli(['kill', 'redis://u:TopSecretA@127.0.0.1:65536', 'TYPE', 'normal'], { env });
    refusedWithout(res, 64, 'TopSecretA');
    expect(res.stderr).toContain('redis://u:(redacted)@127.0.0.1:65536');
  });

  it('credentials without a scheme, or a password as a bare host, are refused before any lookup', async () => {
    for (const [cmd, arg] of [
      ['kill', `app:apppwB@127.0.0.1:${setup.server.port}`],
      ['list', `apppwB@127.0.0.1:${setup.server.port}`],
    ] as const) {
      const res = await runCli([cmd, arg, 'TYPE', 'normal'], { env });
      refusedWithout(res, 64, 'apppwB');
      expect(res.stderr).toMatch(/has credentials but no redis:\/\/ scheme/);
    }
  });

  it('a bad percent-escape in the password: exit 64 (list, kill), 78 (check-config, run), never 70', async () => {
    const url = `redis://u:Top%GGSecretC@127.0.0.1:${setup.server.port}`;
    refusedWithout(await runCli(['list', url], { env }), 64, 'SecretC');
    refusedWithout(await runCli(['kill', url, 'TYPE', 'normal'], { env }), 64, 'SecretC');
    const path = files.write('escape.yaml', { targets: [{ url }], admin: { listen: '' } });
    for (const cmd of ['check-config', 'run']) {
      const res = await runCli([cmd, '-c', path], { env });
      refusedWithout(res, 78, 'SecretC');
      expect(res.stderr).toContain('targets[0].url');
      expect(res.stderr).toContain('bad percent-escape in its password');
    }
  });

  it('check-config problems quote targets with their passwords redacted', async () => {
    const path = files.write('problems.yaml', { targets: [{ url: 'redis://user1:TopSecret5@127.0.0.1:99999' }] });
    const res = await runCli(['check-config', '-c', path], { env });
    refusedWithout(res, 78, 'TopSecret5');
    expect(res.stderr).toContain("targets[0].url: target 'redis://user1:(redacted)@127.0.0.1:99999'");
  });

  it('a SIGHUP reload refused for such a config logs its problems without the password', async () => {
    const path = files.write('hup.yaml', { targets: [{ name: 'node', url: `redis://${setup.server.addr}` }], watch: { pollIntervalMs: 100 }, admin: { listen: '' } });
    const agent = spawnDaemon(path, env);
    await agent.waitForLog((l) => l.msg === 'ready: every target polled', 'ready');
    files.write('hup.yaml', { targets: [{ name: 'node', url: 'redis://user1:TopSecretH@127.0.0.1:99999' }], admin: { listen: '' } });
    agent.child.kill('SIGHUP');
    const refused = await agent.waitForLog((l) => l.level === 50, 'the refused reload');
    expect(JSON.stringify(refused)).toContain('redis://user1:(redacted)@127.0.0.1:99999');
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(JSON.stringify(agent.lines) + agent.stderr()).not.toContain('TopSecretH');
  });

  it('reconfigure with a password the server refuses: warn, report and error lines keep it out', async () => {
    const path = files.write('reconf.yaml', { policies: [{ name: 'p', on: 'demoted', filter: 'TYPE normal NAME nobody' }], admin: { listen: '' } });
    const res = await runCli(['reconfigure', '--target', `redis://u:TopSecretR@127.0.0.1:${setup.server.port}`, '--event', 'demoted', '-c', path, '--log-format', 'json'], { env });
    expect(res.code).toBe(69);
    expect(res.stderr).toMatch(/"level":40/);
    expect(res.stdout).toMatch(/^demoted /);
    expect(res.stderr).toMatch(/reconf-agent: reconfigure: a target was not reached/);
    expect(`${res.stdout}${res.stderr}`).not.toContain('TopSecretR');
  });
});
