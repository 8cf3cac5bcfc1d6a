// Benchmark: the daemon's memory and CPU as its target count grows. Starts the largest count of real redis-server
// processes (REDIS_SERVER_BIN, else redis-server on PATH; loopback, free ports, temp dirs, no persistence), then for
// each count runs the built daemon (`reconf-agent run`) watching that many of them at a 1 s poll with one demoted
// policy and the admin server on, lets it settle, and reads /proc for WINDOW seconds: resident memory once a second
// (median and max) and CPU time over the window as a share of one core, split into the main thread's user and
// system time and the other threads' (V8's garbage-collection and compiler helpers). Resident memory is also read
// twice a second from the spawn on, for the peak from start (BENCH_TIMELINE=1 prints it every 10 s). Linux only.
// Run with `npm run build && node bench/daemon-footprint.mjs`; BENCH_TARGETS=1,50,200 and BENCH_WINDOW_S=30 change it.
// BENCH_CLI=old/dist/cli/main.cjs,dist/cli/main.cjs compares builds in one run: for each count, each build in turn
// against the same servers, so outside load falls on both alike; bench/poll-floor.mjs in that list is the floor (a
// bare loop doing only a poll's I/O). BENCH_UNIX=1 points the daemon at each server's
// unix socket instead of its loopback TCP port (the agent runs on the hosts that run the servers).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.mjs';

const COUNTS = (process.env.BENCH_TARGETS ?? '1,50,200').split(',').map(Number);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 30);
const SETTLE_S = Number(process.env.BENCH_SETTLE_S ?? 10);
const CLIS = process.env.BENCH_CLI?.split(',') ?? [fileURLToPath(new URL('../dist/cli/main.cjs', import.meta.url))];
const SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';
const UNIX = process.env.BENCH_UNIX === '1';
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

const root = mkdtempSync(join(os.tmpdir(), 'reconf-bench-footprint-'));
const servers = [];
let agent;
const cleanup = () => {
  agent?.kill('SIGKILL');
  for (const s of servers) s.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
};
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/** Resolves once something accepts a TCP connection on the port. */
const listening = async (port) => {
  for (let i = 0; i < 200; i++) {
    const up = await new Promise((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) return;
    await sleep(50);
  }
  throw new Error(`nothing listens on ${port}`);
};

const max = Math.max(...COUNTS);
const ports = [];
for (let i = 0; i < max; i++) {
  const port = await freePort();
  const dir = join(root, String(port));
  spawnSync('mkdir', ['-p', dir]);
  const unix = ['--unixsocket', join(dir, 'redis.sock'), '--unixsocketperm', '700'];
  servers.push(spawn(SERVER, ['--port', String(port), '--bind', '127.0.0.1', ...unix, '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' }));
  ports.push(port);
  await listening(port);
}

/** Sockets a process holds open. */
const sockets = (pid) => readdirSync(`/proc/${pid}/fd`).filter((fd) => {
  try {
    return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
  } catch {
    return false;
  }
}).length;

/** utime and stime (clock ticks) of a process, or of one of its threads (`/proc/PID/task/TID`). */
const times = (path) => {
  const fields = readFileSync(`${path}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]), system: Number(fields[12]) };
};

/** CPU ticks of a process (all threads; its main thread's user and system; its other threads) and VmRSS (bytes). */
const stat = (pid) => {
  const all = times(`/proc/${pid}`);
  const main = times(`/proc/${pid}/task/${pid}`);
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  return { ticks: all.user + all.system, mainUser: main.user, mainSystem: main.system, others: all.user + all.system - main.user - main.system, rss };
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results = [];
for (const n of COUNTS) {
  const cfg = join(root, `agent-${n}.yaml`);
  const adminPort = await freePort();
  writeFileSync(
    cfg,
    [
      'targets:',
      ...ports.slice(0, n).map((p, i) => `  - { name: node-${i + 1}, url: '${UNIX ? `unix://${join(root, String(p), 'redis.sock')}` : `redis://127.0.0.1:${p}`}' }`),
      'watch: { pollIntervalMs: 1000, timeoutMs: 2000 }',
      'policies:',
      '  - { name: app-off-old-master, on: demoted, filter: TYPE normal USER default }',
      `admin: { listen: '127.0.0.1:${adminPort}' }`,
      'log: { level: info }',
      '',
    ].join('\n'),
  );
  for (const cli of CLIS) {
    agent = spawn(process.execPath, [cli, 'run', '-c', cfg], { stdio: ['ignore', 'ignore', 'inherit'] });
    // Resident memory from the spawn on, twice a second: the start-up peak (connecting, probing, compiling) is
    // what a MemoryMax= must allow, so it is reported beside the steady state.
    const spawned = performance.now();
    let peak = 0;
    const timeline = [];
    const sample = setInterval(() => {
      const { rss } = stat(agent.pid);
      peak = Math.max(peak, rss);
      const second = Math.floor((performance.now() - spawned) / 1000);
      if (second % 10 === 0 && timeline.length <= second / 10) timeline.push(rss);
    }, 500);
    await listening(adminPort);
    await sleep(Math.max(0, SETTLE_S * 1000 - (performance.now() - spawned)));
    const first = stat(agent.pid);
    const started = performance.now();
    const rss = [];
    for (let s = 0; s < WINDOW_S; s++) {
      await sleep(1000);
      rss.push(stat(agent.pid).rss);
    }
    clearInterval(sample);
    const last = stat(agent.pid);
    const seconds = (performance.now() - started) / 1000;
    const share = (k) => (100 * (last[k] - first[k])) / TICKS / seconds;
    results.push({ cli, n, rssMedian: median(rss), rssMax: Math.max(...rss), peak: Math.max(peak, ...rss), timeline, cpu: share('ticks'), mainUser: share('mainUser'), mainSystem: share('mainSystem'), others: share('others'), sockets: sockets(agent.pid) });
    agent.kill('SIGTERM');
    await new Promise((resolve) => agent.on('exit', resolve));
    agent = undefined;
  }
}

const mb = (b) => `${(b / 2 ** 20).toFixed(1)} MB`;
const version = spawnSync(SERVER, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`daemon footprint benchmark: ${WINDOW_S} s window after ${SETTLE_S} s settling, 1 s poll`);
console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown'}, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`servers: ${max} x ${version}, reached by ${UNIX ? 'unix socket' : 'loopback TCP'}`);
console.log('');
const label = CLIS.length > 1 ? '| build ' : '';
console.log(`${label}| targets | RSS median | RSS max | RSS peak from start | CPU (% of one core) | main thread user + system | other threads | sockets |`);
console.log(`${CLIS.length > 1 ? '|---' : ''}|---|---|---|---|---|---|---|---|`);
const pc = (x) => `${x.toFixed(2)}%`;
for (const r of results) {
  console.log(`${CLIS.length > 1 ? `| ${r.cli} ` : ''}| ${r.n} | ${mb(r.rssMedian)} | ${mb(r.rssMax)} | ${mb(r.peak)} | ${pc(r.cpu)} | ${pc(r.mainUser)} + ${pc(r.mainSystem)} | ${pc(r.others)} | ${r.sockets} |`);
}
if (process.env.BENCH_TIMELINE === '1') {
  console.log('');
  for (const r of results) console.log(`${r.cli} ${r.n}: RSS every 10 s from the spawn: ${r.timeline.map((b) => (b / 2 ** 20).toFixed(0)).join(' ')} MB`);
}
for (const cli of CLIS) {
  const mine = results.filter((r) => r.cli === cli);
  const a = mine[0], b = mine[mine.length - 1];
  if (a.n === b.n) continue;
  const per = (x, y) => (y - x) / (b.n - a.n);
  console.log('');
  console.log(`${CLIS.length > 1 ? `${cli}: ` : ''}per target (${a.n} -> ${b.n}): ${(per(a.rssMedian, b.rssMedian) / 1024).toFixed(1)} KB RSS, ${per(a.cpu, b.cpu).toFixed(4)}% of a core`);
}
cleanup();
process.exit(0);
