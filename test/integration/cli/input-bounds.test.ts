// Every duration and count a user gives is bounded, on the CLI (exit 64) and in the config (exit 78), with one
// line naming the option and the accepted range; the largest accepted value still works against a real server.
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { serverAndConfigDir } from '../../helpers/daemon.js';

const env = { REDISCLI_AUTH: '' };

const oneLine = (res: CliResult, code: number, pattern: RegExp): void => {
  expect(res.code, res.stderr).toBe(code);
  expect(res.stderr.trim().split('\n')).toHaveLength(1);
  expect(res.stderr).toMatch(pattern);
  expect(res.stderr).not.toMatch(/internal error|TimeoutOverflowWarning|\n\s+at /);
};

describe('input bounds', () => {
  const setup = serverAndConfigDir();
  const { files } = setup;

  it('--timeout past 2^31-1 ms is refused before connecting (exit 64), never 70 or 69', async () => {
    for (const t of ['2147483648', '99999999999999', '0', '-5', '1.5']) {
      oneLine(await runCli(['list', setup.server.addr, '--timeout', t], { env }), 64, /^reconf-agent: --timeout must be a whole number of milliseconds from 1 to 2147483647, got /);
    }
  });

  it('--timeout 2147483647 is accepted and the command works', async () => {
    const res = await runCli(['list', setup.server.addr, '--timeout', '2147483647', '--json'], { env });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(Array.isArray(JSON.parse(res.stdout))).toBe(true);
  });

  it('--max-kills past 2^53-1 is refused (exit 64)', async () => {
    oneLine(await runCli(['kill', setup.server.addr, 'TYPE', 'normal', 'NAME', 'x', '--max-kills', '99999999999999999999'], { env }), 64, /--max-kills must be a positive integer/);
  });

  it('a value given twice is refused (exit 64), not silently the last', async () => {
    oneLine(await runCli(['reconfigure', '--target', setup.server.addr, '--event', 'demoted', '--event', 'promoted'], { env }), 64, /'--event <event>' .*given more than once/);
  });

  it('watch durations past 2^31-1 ms are config problems (exit 78) for check-config and run, each listed once', async () => {
    const path = files.write('watch.yaml', { targets: [{ url: `redis://${setup.server.addr}` }], watch: { pollIntervalMs: 3_000_000_000, timeoutMs: 3_000_000_000, flapMaxChanges: -1 }, admin: { listen: '' } });
    for (const cmd of ['check-config', 'run']) {
      const res = await runCli([cmd, '-c', path], { env });
      expect(res.code).toBe(78);
      expect(res.stderr).not.toMatch(/internal error|\n\s+at /);
      const problems = res.stderr.split('\n').map((l) => l.trim());
      expect(problems.filter((l) => l.startsWith('watch.pollIntervalMs: must be a whole number of milliseconds from 10 to 2147483647, got 3000000000'))).toHaveLength(1);
      expect(problems.filter((l) => l.startsWith('watch.timeoutMs: must be a whole number of milliseconds from 1 to 2147483647'))).toHaveLength(1);
      expect(problems.filter((l) => l.startsWith('watch.flapMaxChanges: must be a non-negative integer'))).toHaveLength(1);
      expect(res.stdout).toBe('');
    }
  });
});
