// Benchmark: how long the built CLI takes to start, against a bare `node -e 0` measured in the same run. Starts one
// redis-server (REDIS_SERVER_BIN, else redis-server on PATH) on a free loopback port in a temp dir and watches it with
// MONITOR, so "start-up to the first command sent" is the time from spawning `reconf-agent kill` (or `hook`) to the
// server logging that process's first command. Runs the variants interleaved, RUNS times after one warm-up round,
// and prints medians and their ratios to `node -e 0`. Run with `npm run build && node bench/cli-startup.mjs`;
// BENCH_COMPARE_CLI (below) adds other builds' runs to the same rounds.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CLI = fileURLToPath(new URL('../dist/cli/main.cjs', import.meta.url));
const SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';

const dir = mkdtempSync(join(os.tmpdir(), 'reconf-bench-cli-'));
const port = await freePort();
const server = spawn(SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
const stop = () => {
  server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', stop);

/** A raw RESP connection: MONITOR lines as they come, each with the wall-clock ms the server stamped on it. */
const monitor = async () => {
  for (let tries = 0; ; tries++) {
    try {
      const sock = await new Promise((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => resolve(s));
        s.once('error', reject);
      });
      const waiters = [];
      let buf = '';
      sock.on('data', (d) => {
        buf += d.toString('utf8');
        let nl;
        while ((nl = buf.indexOf('\r\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 2);
          const m = /^\+(\d+)\.(\d+) \[\d+ ([^\]]+)\]/.exec(line);
          if (m) for (const w of waiters.splice(0)) w({ ms: Number(m[1]) * 1000 + Number(m[2]) / 1000, client: m[3] });
        }
      });
      sock.write('MONITOR\r\n');
      await sleep(100);
      return { next: () => new Promise((resolve) => waiters.push(resolve)) };
    } catch (e) {
      if (tries > 100) throw e;
      await sleep(50);
    }
  }
};
const watch = await monitor();

const cfg = join(dir, 'hook.yaml');
writeFileSync(cfg, `targets:\n  - url: redis://127.0.0.1:${port}\npolicies:\n  - name: bench\n    on: demoted\n    filter: TYPE normal NAME nobody-here\n`);

/** Run a command to its end: [ms to exit, ms to the first command the server saw (if watched)]. */
const run = async (args, watched) => {
  const first = watched ? watch.next() : undefined;
  const started = performance.timeOrigin + performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  const ended = performance.timeOrigin + performance.now();
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}: ${stderr}`);
  return [ended - started, first ? (await first).ms - started : undefined];
};

const VARIANTS = [
  ['node -e 0', ['-e', '0'], false],
  ['reconf-agent --version', [CLI, '--version'], false],
  ['reconf-agent kill (matches nothing)', [CLI, 'kill', `127.0.0.1:${port}`, 'TYPE', 'normal', 'NAME', 'nobody-here'], true],
  ['reconf-agent hook (demoted policy, matches nothing)', [CLI, 'hook', 'mymaster', 'leader', 'start', '127.0.0.1', String(port), '127.0.0.1', String(port), '-c', cfg], true],
];
// BENCH_COMPARE_CLI=path/to/other/dist/cli/main.cjs: the same commands through another build, in the same rounds;
// several builds separated by ':' (as in PATH).
const others = (process.env.BENCH_COMPARE_CLI ?? '').split(delimiter).filter(Boolean);
const ours = VARIANTS.slice(1);
for (const other of others) {
  for (const [label, args, watched] of ours) VARIANTS.push([`${label}, ${other}`, [other, ...args.slice(1)], watched]);
}
const samples = VARIANTS.map(() => ({ exit: [], first: [] }));
for (let round = 0; round <= RUNS; round++) {
  for (let i = 0; i < VARIANTS.length; i++) {
    const [, args, watched] = VARIANTS[i];
    const [exit, first] = await run(args, watched);
    if (round === 0) continue; // warm-up: file cache
    samples[i].exit.push(exit);
    if (first !== undefined) samples[i].first.push(first);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const base = median(samples[0].exit);
const version = spawnSync(SERVER, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`CLI start-up benchmark (${RUNS} interleaved runs after one warm-up round, medians)`);
console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown'}, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`server: ${version}`);
console.log('');
console.log('| command | to first command sent | ratio to `node -e 0` | to exit | ratio |');
console.log('|---|---|---|---|---|');
VARIANTS.forEach(([label], i) => {
  const s = samples[i];
  const first = s.first.length ? median(s.first) : undefined;
  const cell = (x) => (x === undefined ? '-' : `${x.toFixed(0)} ms`);
  const ratio = (x) => (x === undefined ? '-' : `${(x / base).toFixed(2)}x`);
  console.log(`| \`${label}\` | ${cell(first)} | ${ratio(first)} | ${cell(median(s.exit))} | ${ratio(median(s.exit))} |`);
});
stop();
process.exit(0);
