#!/usr/bin/env node
// Captures a packaged server's real replies into test/fixtures, so the unit tests parse what that
// server really says: `node test/servers/capture-fixtures.mjs SUITE PACKAGE` (e.g. `sid valkey-server`;
// the server comes from provision-server.sh). It starts a master and a replica on free loopback ports
// in a temp dir, opens the population test/fixtures/README.md describes, and writes
// <flavor>-<version>.{client-list.master,client-list.replica,info-server}.txt and
// <flavor>-<version>.command-docs-client-kill.json. Prints the files written; fails with one line.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { freePort } from '../../bench/free-port.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fail = (msg) => {
  process.stderr.write(`capture-fixtures: ${msg}\n`);
  process.exit(1);
};

if (process.argv.length !== 4) fail('usage: capture-fixtures.mjs SUITE PACKAGE (e.g. sid valkey-server)');
const [suite, pkg] = process.argv.slice(2);
let bin;
try {
  bin = execFileSync(join(root, 'test/servers/provision-server.sh'), [suite, pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
} catch {
  fail(`cannot provision ${suite} ${pkg} (see the line above)`);
}

const dirs = [];
const procs = [];
const clients = [];
const cleanup = () => {
  for (const c of clients) c.disconnect();
  for (const p of procs) p.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
};
process.on('exit', cleanup);

/** A client as the fixtures want it: RESP2, no retries, no ready check (INFO), no CLIENT SETINFO unless `clientInfo`. */
const open = async (opts) => {
  const r = new Redis({ protocol: 2, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableReadyCheck: false, disableClientInfo: !opts.clientInfo, ...opts.conn });
  r.on('error', () => undefined);
  clients.push(r);
  await r.connect();
  return r;
};

/** Start a server with a TCP port on 127.0.0.1 and ::1 and a unix socket `redis.sock` in its own temp dir. */
const start = async (extra = []) => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'reconf-capture-'));
  dirs.push(dir);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '::1', '--unixsocket', 'redis.sock', '--unixsocketperm', '700'];
  const proc = spawn(bin, [...args, '--save', '', '--appendonly', 'no', '--repl-diskless-sync-delay', '0', '--dir', dir, ...extra], { cwd: dir, stdio: 'ignore' });
  procs.push(proc);
  for (let i = 0; i < 200; i++) {
    try {
      const c = await open({ conn: { host: '127.0.0.1', port } });
      await c.ping();
      c.disconnect();
      return { port, dir };
    } catch {
      await sleep(50);
    }
  }
  fail(`${bin} did not answer PING on port ${port} within 10 s`);
};

const waitFor = async (check, what) => {
  for (let i = 0; i < 200; i++) {
    if (await check().catch(() => false)) return;
    await sleep(50);
  }
  fail(`timed out waiting for ${what}`);
};

const master = await start();
const replica = await start(['--replicaof', '127.0.0.1', String(master.port)]);
const tcp = (port, conn = {}) => ({ conn: { host: '127.0.0.1', port, ...conn } });
const admin = await open(tcp(master.port));
const replicaAdmin = await open(tcp(replica.port));
await waitFor(async () => /slave0:.*state=online/.test(await admin.info('replication')), 'the replica to come online');
await waitFor(async () => /master_link_status:up/.test(await replicaAdmin.info('replication')), "the replica's link to come up");
replicaAdmin.disconnect();
await admin.call('ACL', 'SETUSER', 'app', 'reset', 'on', '>app-pw', '~*', '&*', '+@all');
admin.disconnect();

// The master's population, one client per kind the parser and the evaluator must tell apart.
await open(tcp(master.port, { connectionName: 'worker-1' }));
await open(tcp(master.port, { connectionName: 'api', username: 'app', password: 'app-pw', db: 3 }));
await open({ ...tcp(master.port), clientInfo: true }); // CLIENT SETINFO lib-name/lib-ver where the server has it
const sub = await open(tcp(master.port));
await sub.subscribe('news');
const blocked = await open(tcp(master.port));
blocked.blpop('never-pushed', 0).catch(() => undefined);
const multi = await open(tcp(master.port));
await multi.call('MULTI');
await multi.call('SET', 'k', 'v');
const monitor = await open(tcp(master.port));
await monitor.call('MONITOR');
await open({ conn: { path: join(master.dir, 'redis.sock'), connectionName: 'unix' } });
await open(tcp(master.port, { host: '::1', connectionName: 'ipv6' }));

const lister = await open(tcp(master.port));
await waitFor(async () => /flags=b /.test(String(await lister.call('CLIENT', 'LIST'))), 'the BLPOP client to block');
const masterList = String(await lister.call('CLIENT', 'LIST'));
const info = String(await lister.info('server')).replaceAll('\r\n', '\n');
const docs = await lister.call('COMMAND', 'DOCS', 'client|kill');
const replicaList = String(await (await open(tcp(replica.port))).call('CLIENT', 'LIST'));

const field = (name) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1];
const version = field('valkey_version') ?? field('redis_version');
if (!version) fail('INFO server names no version');
const prefix = `${field('valkey_version') ? 'valkey' : 'redis'}-${version}`;
const out = {
  'client-list.master.txt': masterList,
  'client-list.replica.txt': replicaList,
  'info-server.txt': info,
  'command-docs-client-kill.json': `${JSON.stringify(docs, null, 1)}\n`,
};
for (const [suffix, text] of Object.entries(out)) {
  const file = join(root, 'test/fixtures', `${prefix}.${suffix}`);
  writeFileSync(file, text);
  process.stdout.write(`${file}\n`);
}
process.exit(0);
