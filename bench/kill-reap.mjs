// Benchmark: reap every idle `normal` client of a server holding 10,000 and 50,000 of them, three ways, side by
// side in one run:
//   native  `redis-cli CLIENT KILL TYPE normal` (one command; the server walks its clients once);
//   shell   `redis-cli CLIENT LIST TYPE normal | awk ... | redis-cli`: one `CLIENT KILL ID x` line per client,
//           sent one at a time by the second redis-cli, as an operator would do it by hand;
//   agent   `reconf-agent kill HOST:PORT TYPE normal --max-kills N`: a cap makes the agent list, count and
//           kill by id (its emulated path, the one onlyBeforeChange, maxKills and batches take), CLI start-up
//           included.
// and two floors, what no list-and-kill-by-id CLI in Node can go below:
//   pipe    `redis-cli CLIENT LIST TYPE normal | awk ... | redis-cli --pipe`: the agent's own kill commands (one id
//           each, or every id in one command where the server takes several), all sent at once, unpaced: the
//           server's cost of listing and killing by id with no client overhead and no round trips;
//   node    `node -e 0; redis-cli CLIENT KILL TYPE normal`: Node's own start-up on top of native.
// Each run opens a fresh crowd of idle raw TCP clients (bench/kill-crowd.mjs) and runs one method under bash:
// wall clock from $EPOCHREALTIME, the command's own CPU from `times` (every process it started), the server's
// CPU from /proc/PID/schedstat and its time inside CLIENT KILL from commandstats. A probe connection
// (bench/kill-probe.mjs, a subscriber that PINGs about once a millisecond) records the longest PING round trip
// while the command runs: the longest stall any other client of the server saw, and for the agent the longest
// of those that ended after its CLIENT LIST reply came (its kill phase's, the list's own stall left out). The methods
// take turns within each round (the order rotates), so a ratio is always between runs made under the same load.
//
// Run with `npm run bench:kill` (builds first; the agent runs from dist/). Needs redis-cli and bash
// (Debian: apt-get install redis-tools). Environment:
//   BENCH_SERVERS  comma-separated server binaries (default redis-server), e.g. the wrapper that
//                  `test/servers/provision-server.sh trixie valkey-server` prints
//   BENCH_SIZES    crowd sizes (default 10000,50000); the server needs a file-descriptor limit above the
//                  largest (ulimit -n; raising the hard limit needs root with CAP_SYS_RESOURCE)
//   BENCH_RUNS     counted rounds per size (default 5), after one warm-up round
//   BENCH_AGENT_BEFORE  another build's dist/cli/main.cjs, run as one more method, `before` (to measure a change)
//   BENCH_METHODS  the methods to run, comma-separated (default all; native always runs)
//   BENCH_NICE     niceness for the server, the probe and the command timed (default 0): on a shared machine a
//                  negative one (root) keeps other load from preempting the server in the middle of a kill burst
// It is a benchmark, not a test: it fails only when a run did not kill every client of the crowd.
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, '..', 'dist', 'cli', 'main.cjs');
const SERVERS = (process.env.BENCH_SERVERS ?? 'redis-server').split(',').filter(Boolean);
const SIZES = (process.env.BENCH_SIZES ?? '10000,50000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** One crowd process holds at most this many sockets: below its own descriptor limit, and its source address's ports. */
const PER_CROWD = 10_000;
/**
 * Crowds connect from 127.0.0.100-249 in turn, a fresh address each: the server's side of every killed connection
 * stays in TIME_WAIT for a minute, and keeps that source port taken towards the server (127.0.0.1 ran out).
 */
let nextSource = 0;
const crowdSource = () => `127.0.0.${100 + (nextSource++ % 150)}`;
const NICE = Number(process.env.BENCH_NICE ?? 0);
/** `cmd args` run at NICE. */
const niced = (cmd, args) => ['nice', ['-n', String(NICE), cmd, ...args]];

/** Servers and children to end if we stop early (process.exit runs no finally blocks). */
const started = new Set();
process.on('exit', () => {
  for (const c of started) c.kill('SIGKILL');
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const fail = (message) => {
  process.stderr.write(`kill-reap: ${message}\n`);
  process.exit(1);
};

for (const tool of ['redis-cli', 'bash', 'awk']) {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    fail(`${tool} is not on PATH (redis-cli: apt-get install redis-tools)`);
  }
}
if (SIZES.some((n) => !Number.isSafeInteger(n) || n < 1)) fail(`BENCH_SIZES must be whole numbers > 0, got '${process.env.BENCH_SIZES}'`);
if (!Number.isInteger(NICE) || NICE < -20 || NICE > 19) fail(`BENCH_NICE must be a whole number from -20 to 19, got '${process.env.BENCH_NICE}'`);
if (!Number.isSafeInteger(RUNS) || RUNS < 1) fail(`BENCH_RUNS must be a whole number > 0, got '${process.env.BENCH_RUNS}'`);

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** One command on a fresh connection that quits afterwards (a TYPE normal kill may close any we kept). */
const ask = async (port, ...args) => {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await r.call(...args);
  } finally {
    r.disconnect();
  }
};

const waitUntil = async (what, f, ms = 60_000, state = () => '') => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await f().catch(() => false)) return;
    await sleep(50);
  }
  fail(`timed out waiting for ${what}${state() && `: ${state()}`}`);
};

const connectedClients = async (port) => Number(/connected_clients:(\d+)/.exec(await ask(port, 'INFO', 'clients'))[1]);

/** A child speaking lines: `next()` resolves with its next stdout line. */
const lineChild = (cmd, args) => {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  started.add(child);
  child.once('exit', () => started.delete(child));
  const lines = [];
  const waiting = [];
  createInterface({ input: child.stdout }).on('line', (l) => (waiting.length ? waiting.shift()(l) : lines.push(l)));
  const next = () => (lines.length ? Promise.resolve(lines.shift()) : new Promise((resolve) => waiting.push(resolve)));
  const send = (l) => child.stdin.write(`${l}\n`);
  return { child, next, send };
};

const startServer = async (bin, maxclients) => {
  const port = await freePort();
  const dir = mkdtempSync(join(os.tmpdir(), 'kill-reap-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  // Room for the crowd; protected mode off because the crowd connects from 127.0.0.100 and up (the server binds loopback only).
  args.push('--maxclients', String(maxclients), '--protected-mode', 'no');
  const proc = spawn(...niced('sh', ['-c', `ulimit -n ${maxclients + 64} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"`, 'sh', bin, ...args]), {
    stdio: 'ignore',
  });
  started.add(proc);
  await waitUntil(`${bin} to answer PING`, async () => (await ask(port, 'PING')) === 'PONG', 10_000);
  const info = String(await ask(port, 'INFO', 'server'));
  const flavor = /server_name:valkey/.test(info) ? 'Valkey' : 'Redis';
  const version = (/valkey_version:(\S+)/.exec(info) ?? /redis_version:(\S+)/.exec(info))?.[1] ?? '?';
  const taken = Number((await ask(port, 'CONFIG', 'GET', 'maxclients'))[1]);
  return { port, proc, dir, name: `${flavor} ${version}`, maxclients: taken, severalIds: await takesSeveralIds(port) };
};

/**
 * CPU time the server process has run (ms; /proc/PID/schedstat, in ns): its real cost, whatever else the
 * machine runs. commandstats' usec is wall time inside the command, preemption by other load included.
 */
const serverCpuMs = (s) => Number(readFileSync(`/proc/${s.proc.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;

const stopServer = async (s) => {
  s.proc.kill('SIGKILL');
  await once(s.proc, 'exit').catch(() => undefined);
  rmSync(s.dir, { recursive: true, force: true });
};

/** Open `size` idle clients, in processes of PER_CROWD at most, each from a source address of its own. */
const openCrowd = async (port, size) => {
  const parts = [];
  for (let i = 0; i < size; i += PER_CROWD) {
    const n = Math.min(PER_CROWD, size - i);
    parts.push(lineChild(process.execPath, [join(here, 'kill-crowd.mjs'), String(port), String(n), crowdSource()]));
  }
  for (const p of parts) {
    const l = await p.next();
    if (!l.startsWith('open ')) fail(`a crowd process could not connect: ${l}`);
  }
  const closed = async () => {
    let n = 0;
    for (const p of parts) {
      p.send('closed');
      n += Number((await p.next()).split(' ')[1]);
    }
    return n;
  };
  const destroy = async () => {
    for (const p of parts) {
      p.send('exit');
      await once(p.child, 'exit');
    }
  };
  return { closed, destroy };
};

/** Does the server take several ids in one CLIENT KILL (Valkey 8.1+)? Ids that no client has: kills no one. */
const takesSeveralIds = async (port) => {
  try {
    return (await ask(port, 'CLIENT', 'KILL', 'ID', '9223372036854775806', '9223372036854775807')) === 0;
  } catch {
    return false;
  }
};

// The agent's kill commands as RESP (ids can be too many for one inline command): one per id, or one for all.
const RESP = String.raw`function bulk(s) { return "$" length(s) "\r\n" s "\r\n" }
{ sub(/^id=/, "", $1); ids[n++] = $1 }
END {
  tail = bulk("TYPE") bulk("normal")
  if (several) { printf "*%d\r\n%s%s%s", n + 5, bulk("CLIENT"), bulk("KILL"), bulk("ID"); for (i = 0; i < n; i++) printf "%s", bulk(ids[i]); printf "%s", tail }
  else for (i = 0; i < n; i++) printf "*6\r\n%s%s%s%s%s", bulk("CLIENT"), bulk("KILL"), bulk("ID"), bulk(ids[i]), tail
}`;

const METHODS = {
  native: (server) => `redis-cli -p ${server.port} CLIENT KILL TYPE normal`,
  shell: (server) => `redis-cli -p ${server.port} CLIENT LIST TYPE normal | awk '{ sub(/^id=/, "", $1); print "CLIENT KILL ID", $1 }' | redis-cli -p ${server.port}`,
  agent: (server, size) => `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} kill 127.0.0.1:${server.port} TYPE normal --max-kills ${size + 100}`,
  pipe: (server) => `redis-cli -p ${server.port} CLIENT LIST TYPE normal | awk -v several=${server.severalIds ? 1 : 0} '${RESP}' | redis-cli -p ${server.port} --pipe`,
  node: (server) => `${JSON.stringify(process.execPath)} -e 0; redis-cli -p ${server.port} CLIENT KILL TYPE normal`,
};
// BENCH_AGENT_BEFORE: another build's dist/cli/main.cjs, run as `before` in the same rounds (to measure a change).
const BEFORE = process.env.BENCH_AGENT_BEFORE;
if (BEFORE) METHODS.before = (server, size) => METHODS.agent(server, size).replace(JSON.stringify(CLI), JSON.stringify(BEFORE));
// BENCH_METHODS: which to run (native always runs: every ratio is to it).
const NAMES = ['native', ...(process.env.BENCH_METHODS?.split(',') ?? Object.keys(METHODS)).filter((m) => m !== 'native')];
const unknown = NAMES.filter((m) => !METHODS[m]);
if (unknown.length > 0) fail(`BENCH_METHODS: no method ${unknown.join(', ')} (there are ${Object.keys(METHODS).join(', ')})`);

const seconds = (t) => {
  const m = /(\d+)m([\d.]+)s/.exec(t);
  return Number(m[1]) * 60 + Number(m[2]);
};

/**
 * Run `cmd` under bash: wall time from $EPOCHREALTIME around it, CPU from `times` (user and system time of
 * every process the command started), its stderr (the agent's JSON audit line) kept.
 */
const timed = async (cmd) => {
  const script = `s=$EPOCHREALTIME; { ${cmd}; } >/dev/null 2>"$1"; rc=$?; e=$EPOCHREALTIME; times; echo "$s $e $rc"`;
  const dir = mkdtempSync(join(os.tmpdir(), 'kill-reap-run-'));
  const errFile = join(dir, 'stderr');
  const child = spawn(...niced('bash', ['-c', script, 'bash', errFile]), { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await once(child, 'exit');
  const stderr = readFileSync(errFile, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const [, children, last] = out.trim().split('\n');
  const [user, sys] = children.trim().split(/\s+/).map(seconds);
  const [s, e, rc] = last.split(' ');
  return { wallMs: (Number(e) - Number(s)) * 1000, cpuMs: (user + sys) * 1000, rc: Number(rc), stderr };
};

const runOne = async (server, probe, method, size) => {
  const crowd = await openCrowd(server.port, size);
  let listed = 0;
  await waitUntil(`the crowd to be listed (${size} clients and the probe)`, async () => (listed = await connectedClients(server.port)) >= size + 1, 60_000, () => `the server lists ${listed}`);
  await sleep(200);
  await ask(server.port, 'CONFIG', 'RESETSTAT');
  const cpuBefore = serverCpuMs(server);
  probe.send('mark');
  const t = await timed(METHODS[method](server, size));
  probe.send('stop');
  const serverCpu = serverCpuMs(server) - cpuBefore;
  // The server's own time in CLIENT KILL (commandstats, microseconds): what no client can make shorter.
  const stats = String(await ask(server.port, 'INFO', 'commandstats'));
  const serverKillMs = Number(/cmdstat_client\|kill:calls=\d+,usec=(\d+)/.exec(stats)?.[1] ?? NaN) / 1000;
  // Every client of the crowd must be gone; its sockets see the server's closes within a moment.
  let closed = 0;
  const deadline = Date.now() + 30_000;
  while ((closed = await crowd.closed()) < size && Date.now() < deadline) await sleep(50);
  await crowd.destroy();
  if (t.rc !== 0 || closed !== size) fail(`${method} on ${server.name} with ${size} clients: exit ${t.rc}, ${closed} of ${size} closed\n${t.stderr}`);
  const audit = method === 'agent' || method === 'before' ? JSON.parse(t.stderr.trim().split('\n').at(-1)) : undefined;
  if (audit && audit.killed !== size) fail(`agent audited killed ${audit.killed}, expected ${size}`);
  // The agent's kill phase: the waits that ended after its CLIENT LIST reply came (the audit line's time is the
  // run's end, durationMs back is its start, listMs after that the reply; 5 ms for the reply's transfer).
  probe.send(`report ${audit ? Date.parse(audit.time) - audit.durationMs + audit.listMs + 5 : 0}`);
  const [, stallMs, , , , killStallMs] = (await probe.next()).split(' ').map(Number);
  await waitUntil('the server to drop the crowd', async () => (await connectedClients(server.port)) <= 2);
  return { ...t, stallMs, killStallMs, serverKillMs, serverCpu, ...(audit && { listMs: audit.listMs, killMs: audit.killMs }) };
};

const QUIET_MS = 3000;
/** The probe's longest round trip while nothing runs against the server: what load alone makes a client wait. */
const quietStall = async (probe) => {
  probe.send('mark');
  await sleep(QUIET_MS);
  probe.send('stop');
  probe.send('report 0');
  return Number((await probe.next()).split(' ')[1]);
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`);
const ratio = (x) => `${x.toFixed(2)}x`;

const cpus = os.cpus();
console.log(`# kill-reap: ${new Date().toISOString()}, ${cpus.length} x ${cpus[0]?.model}, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`# sizes ${SIZES.join(', ')}; ${RUNS} counted rounds per size after one warm-up round; methods take turns, order rotating; nice ${NICE}`);

const need = Math.max(...SIZES) + 32;
for (const bin of SERVERS) {
  const server = await startServer(bin, need);
  try {
    if (server.maxclients < need) {
      fail(
        `${server.name} took maxclients ${server.maxclients}, below the ${need} that ${Math.max(...SIZES)} clients need: its file-descriptor limit is too low ` +
          `(ulimit -Hn here: ${execFileSync('sh', ['-c', 'ulimit -Hn']).toString().trim()}; raising it needs root with CAP_SYS_RESOURCE). Run where it can be raised, or choose BENCH_SIZES below it`,
      );
    }
    const probe = lineChild(...niced(process.execPath, [join(here, 'kill-probe.mjs'), String(server.port)]));
    if ((await probe.next()) !== 'ready') fail('the probe did not subscribe');
    for (const size of SIZES) {
      const rows = Object.fromEntries(NAMES.map((m) => [m, []]));
      const quiet = [];
      for (let round = 0; round <= RUNS; round++) {
        const order = NAMES.map((_, i) => NAMES[(i + round) % NAMES.length]);
        const results = {};
        for (const m of order) results[m] = await runOne(server, probe, m, size);
        if (round === 0) continue; // warm-up
        for (const m of NAMES) rows[m].push({ ...results[m], vsNative: results[m].wallMs / results.native.wallMs });
        quiet.push(await quietStall(probe));
      }
      console.log(`\n## ${server.name}, ${size.toLocaleString('en-US')} idle clients (medians of ${RUNS} rounds; min-max wall in brackets)`);
      console.log(`Longest PING stall in ${QUIET_MS / 1000} s with no command running, once a round (the machine's own noise): ${fmt(median(quiet))} (max ${fmt(Math.max(...quiet))})\n`);
      console.log('| method | wall | x native (paired) | CPU of the command | longest PING stall | in the kill phase | server CPU (x native) | server time in CLIENT KILL | agent: CLIENT LIST / kill phase, waited |');
      console.log('|---|---|---|---|---|---|---|---|---|');
      const nativeCpu = median(rows.native.map((x) => x.serverCpu));
      for (const m of NAMES) {
        const r = rows[m];
        const walls = r.map((x) => x.wallMs);
        const phases = m === 'agent' || m === 'before' ? `${fmt(median(r.map((x) => x.listMs)))} / ${fmt(median(r.map((x) => x.killMs)))}` : '';
        console.log(
          `| ${m} | ${fmt(median(walls))} (${fmt(Math.min(...walls))}-${fmt(Math.max(...walls))}) | ${ratio(median(r.map((x) => x.vsNative)))} | ` +
            `${fmt(median(r.map((x) => x.cpuMs)))} | ${fmt(median(r.map((x) => x.stallMs)))} (max ${fmt(Math.max(...r.map((x) => x.stallMs)))}) | ` +
            `${fmt(median(r.map((x) => x.killStallMs)))} (max ${fmt(Math.max(...r.map((x) => x.killStallMs)))}) | ` +
            `${fmt(median(r.map((x) => x.serverCpu)))} (${ratio(median(r.map((x) => x.serverCpu)) / nativeCpu)}) | ${fmt(median(r.map((x) => x.serverKillMs)))} | ${phases} |`,
        );
      }
    }
    probe.child.kill();
  } finally {
    await stopServer(server);
  }
}
