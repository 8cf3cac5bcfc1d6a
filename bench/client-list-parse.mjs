// Benchmark: parse a realistic 50,000-client CLIENT LIST reply (Redis 7.x lines, as the Buffer ioredis's callBuffer
// returns) and evaluate compiled filters over it, one with 10,000 ids. Run with `npm run bench` (builds first; imports
// the built code from dist/). Prints medians of RUNS runs, lines per second and memory. Each parse of the main rows
// follows a forced full collection (gc()), as a daemon's kill runs, minutes apart, do; one more row times the same
// parse back to back, on a warm heap (docs/benchmarks.md).
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parseClientList } from '../dist/kill/filter/client-list.js';
import { capabilitiesFromVersion } from '../dist/kill/plan/capabilities.js';
import { compile, planMatches } from '../dist/kill/plan/compile.js';
import { parseFilter } from '../dist/kill/filter/parse.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 3;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

/** Deterministic pseudo-random numbers (mulberry32), so every run sees the same list. */
const random = (() => {
  let a = 0x2f6b1c3d;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();
const pick = (items) => items[Math.floor(random() * items.length)];
const weighted = (pairs) => {
  let r = random() * pairs.reduce((n, [, w]) => n + w, 0);
  for (const [v, w] of pairs) if ((r -= w) < 0) return v;
  return pairs[0][0];
};

const USERS = [['default', 40], ['app', 30], ['ops', 5], ['reporting', 10], ['svc-billing', 10], ['svc-search', 5]];
const FLAGS = [['N', 80], ['P', 6], ['b', 4], ['x', 2], ['t', 3], ['O', 0.1], ['S', 0.02], ['bt', 1], ['Pt', 1], ['d', 0.5], ['r', 1]];
const NAMES = ['', '', '', 'worker', 'api', 'cache', 'scheduler', 'reporting-etl'];
const CMDS = ['get', 'set', 'client|id', 'hgetall', 'blpop', 'subscribe', 'evalsha', 'ping', 'NULL', 'client|setname'];

const line = (id) => {
  const kind = weighted([['v4', 85], ['v6', 10], ['unix', 5]]);
  const port = 1024 + Math.floor(random() * 64000);
  const addr =
    kind === 'v4' ? `10.${Math.floor(random() * 4)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}:${port}`
    : kind === 'v6' ? `[2001:db8:${Math.floor(random() * 65535).toString(16)}::${Math.floor(random() * 65535).toString(16)}]:${port}`
    : '/run/redis/redis.sock:0';
  const laddr = kind === 'v4' ? '10.0.0.5:6379' : kind === 'v6' ? '[2001:db8::5]:6379' : '/run/redis/redis.sock:0';
  let flags = weighted(FLAGS);
  if (kind === 'unix') flags = flags === 'N' ? 'U' : `${flags}U`;
  const sub = flags.includes('P') ? 1 + Math.floor(random() * 3) : 0;
  const name = pick(NAMES);
  const age = Math.floor(random() * 86_400);
  const idle = Math.min(age, Math.floor(random() * 3_600));
  const db = weighted([[0, 85], [1, 5], [3, 10]]);
  return (
    `id=${id} addr=${addr} laddr=${laddr} fd=${8 + (id % 60000)} name=${name ? `${name}-${id % 97}` : ''} age=${age} idle=${idle} ` +
    `flags=${flags} db=${db} sub=${sub} psub=0 ssub=0 multi=${flags.includes('x') ? 2 : -1} watch=0 qbuf=0 qbuf-free=0 ` +
    `argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=1920 events=r cmd=${pick(CMDS)} ` +
    `user=${weighted(USERS)} redir=-1 resp=${random() < 0.2 ? 3 : 2} lib-name=${random() < 0.5 ? 'ioredis' : ''} lib-ver=${random() < 0.5 ? '5.4.1' : ''}`
  );
};

const reply = Buffer.from(`${Array.from({ length: CLIENTS }, (_, i) => line(i + 1)).join('\n')}\n`);
// 10,000 ids spread over the list (every fifth client), as a kill by a long id list would give them.
const ID_FILTER = `ID ${Array.from({ length: Math.min(10_000, CLIENTS) }, (_, i) => (i * 5 + 1) % CLIENTS || CLIENTS).join(' ')}`;

const caps = capabilitiesFromVersion({ flavor: 'redis', version: '7.0.15' });
const FILTERS = [
  'TYPE normal USER app IDLE 600',
  'MAXAGE 3600 NOT-FLAGS P',
  'NAME worker-7 NOT-IP 10.0.0.1',
  'FLAGS b DB 3 LIB-NAME ioredis',
  ID_FILTER,
];
const label = (f) => (f === ID_FILTER ? 'ID <10,000 ids>' : f);
const plans = FILTERS.map((f) => compile(parseFilter(f), caps));
const SELF = String(CLIENTS + 1);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const time = (fn) => {
  const t = performance.now();
  const out = fn();
  return [performance.now() - t, out];
};
/** CPU time (ms, user + system, every thread of this process: GC helpers too) that fn takes. */
const cpuTime = (fn) => {
  const c = process.cpuUsage();
  const out = fn();
  const d = process.cpuUsage(c);
  return [(d.user + d.system) / 1000, out];
};

const samples = { parse: [], parseCpu: [], ...Object.fromEntries(FILTERS.map((f) => [f, []])), total: [] };
let matched = [];
for (let run = 0; run < WARMUP + RUNS; run++) {
  gc();
  const [parseMs, [parseCpuMs, records]] = time(() => cpuTime(() => parseClientList(reply)));
  const evals = plans.map((p) => time(() => records.filter((r) => planMatches(p, r, SELF))));
  if (run < WARMUP) continue;
  samples.parse.push(parseMs);
  samples.parseCpu.push(parseCpuMs);
  evals.forEach(([ms], i) => samples[FILTERS[i]].push(ms));
  samples.total.push(parseMs + evals.reduce((n, [ms]) => n + ms, 0));
  matched = evals.map(([, m]) => m.length);
}

// The same parse back to back, without a forced collection before each. The parser keeps the shapes its compiled
// code depends on alive, so the rows above are not slower for the collection (docs/benchmarks.md).
const warm = [];
for (let run = 0; run < WARMUP + RUNS; run++) {
  const [parseMs] = time(() => parseClientList(reply));
  if (run >= WARMUP) warm.push(parseMs);
}

gc();
const heapBefore = process.memoryUsage().heapUsed;
let kept = parseClientList(reply);
gc();
const recordsMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
const count = kept.length;
kept = undefined;

const cpu = os.cpus()[0]?.model ?? 'unknown';
const ms = (x) => `${x.toFixed(1)} ms`;
console.log(`CLIENT LIST parse + filter benchmark (${RUNS} runs after ${WARMUP} warm-up, medians)`);
console.log(`machine: ${os.cpus().length} cores, ${cpu}, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`input: ${count} clients, ${(reply.length / 2 ** 20).toFixed(1)} MiB of CLIENT LIST text`);
console.log('');
console.log('| step | median | min | max |');
console.log('|---|---|---|---|');
const row = (label, xs) => console.log(`| ${label} | ${ms(median(xs))} | ${ms(Math.min(...xs))} | ${ms(Math.max(...xs))} |`);
const rate = (xs) => Math.round(count / (median(xs) / 1000)).toLocaleString('en');
row(`parseClientList, wall time (${rate(samples.parse)} lines/s)`, samples.parse);
row(`parseClientList, CPU time (${rate(samples.parseCpu)} lines/s)`, samples.parseCpu);
row(`parseClientList, warm heap: no gc() before each (${rate(warm)} lines/s)`, warm);
FILTERS.forEach((f, i) => row(`evaluate \`${label(f)}\` (${plans[i].mode}, ${matched[i]} match)`, samples[f]));
row(`parse + all ${FILTERS.length} evaluations`, samples.total);
console.log('');
console.log(`memory: parsed records hold ${recordsMb.toFixed(1)} MiB of heap; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
