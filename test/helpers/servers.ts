// Starts real redis-server and Sentinel processes on free loopback ports in temp dirs, and
// always stops them. Never uses 6379 or any server it did not start.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { findServerBin } from './server-bin.js';

export interface ServerHandle {
  readonly port: number;
  readonly dir: string;
  readonly addr: string;
  readonly process: ChildProcess;
  /** A new ioredis client to this server (closed by stopAll). */
  client(opts?: { name?: string; username?: string; password?: string; db?: number }): Promise<Redis>;
  stop(): Promise<void>;
}

const started = new Set<ServerHandle>();
const clients = new Set<Redis>();

/** A free loopback TCP port, never 6379. */
export const freePort = async (): Promise<number> => {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    if (port !== 6379 && port !== 26379) return port;
  }
};

export const serverBin = (): string => process.env.REDIS_SERVER_BIN_RESOLVED ?? findServerBin();

/** A client connection for a test, closed by stopAll. RESP2, no retries; IPv4 loopback unless `host` (`::1`) or a unix socket `path` is given. */
export const openClient = async (
  port: number,
  opts: { name?: string; username?: string; password?: string; db?: number; host?: string; path?: string } = {},
): Promise<Redis> => {
  const r = new Redis({
    ...(opts.path ? { path: opts.path } : { host: opts.host ?? '127.0.0.1', port }),
    protocol: 2,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    ...(opts.name && { connectionName: opts.name }),
    ...(opts.username && { username: opts.username }),
    ...(opts.password && { password: opts.password }),
    ...(opts.db !== undefined && { db: opts.db }),
  });
  r.on('error', () => undefined);
  clients.add(r);
  await r.connect();
  return r;
};

const waitForPing = async (port: number, proc: ChildProcess, log: () => string): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`server on ${port} exited with ${proc.exitCode}: ${log()}`);
    const r = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    r.on('error', () => undefined);
    try {
      await r.connect();
      if ((await r.ping()) === 'PONG') return;
    } catch {
      /* not up yet */
    } finally {
      r.disconnect();
    }
    await sleep(50);
  }
  throw new Error(`server on ${port} did not answer PING within 10 s: ${log()}`);
};

const launch = async (args: string[], port: number, dir: string, confFile?: string): Promise<ServerHandle> => {
  const bin = serverBin();
  const argv = confFile ? [confFile, ...args] : args;
  const proc = spawn(bin, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  proc.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const handle: ServerHandle = {
    port,
    dir,
    addr: `127.0.0.1:${port}`,
    process: proc,
    client: (opts) => openClient(port, opts),
    stop: async () => {
      started.delete(handle);
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        proc.kill('SIGCONT');
        proc.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  started.add(handle);
  await waitForPing(port, proc, () => output);
  return handle;
};

/** Start a redis-server (or REDIS_SERVER_BIN) on a free loopback port in a temp dir. */
export const startServer = async (extraArgs: string[] = []): Promise<ServerHandle> => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'reconf-redis-'));
  // No diskless-sync delay: a replica syncs at once instead of after the default 5 s wait.
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--repl-diskless-sync-delay', '0', '--dir', dir, ...extraArgs];
  return launch(args, port, dir);
};

/** Start a replica of `master`, waiting until its link is up. */
export const startReplica = async (master: ServerHandle, extraArgs: string[] = []): Promise<ServerHandle> => {
  const replica = await startServer(['--replicaof', '127.0.0.1', String(master.port), ...extraArgs]);
  await waitFor(async () => /master_link_status:up/.test(await (await replica.client()).info('replication')), 10_000, 'replica link up');
  return replica;
};

/** Start a Sentinel monitoring `masterName` at `master`, with fast timings for tests. */
export const startSentinel = async (
  masterName: string,
  master: ServerHandle,
  opts: { quorum?: number; downAfterMs?: number; failoverTimeoutMs?: number; extraConf?: string[] } = {},
): Promise<ServerHandle> => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'reconf-sentinel-'));
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${masterName} 127.0.0.1 ${master.port} ${opts.quorum ?? 2}`,
      `sentinel down-after-milliseconds ${masterName} ${opts.downAfterMs ?? 2000}`,
      `sentinel failover-timeout ${masterName} ${opts.failoverTimeoutMs ?? 10000}`,
      `sentinel parallel-syncs ${masterName} 1`,
      ...(opts.extraConf ?? []),
      '',
    ].join('\n'),
  );
  return launch(['--sentinel'], port, dir, conf);
};

/** Poll until `check` is true, or fail naming what was awaited. */
export const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await Promise.resolve().then(check).catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
};

/** Close every test client and stop every server started by this file's suites. */
export const stopAll = async (): Promise<void> => {
  for (const c of clients) c.disconnect();
  clients.clear();
  await Promise.all([...started].map((s) => s.stop()));
};

for (const sig of ['exit', 'SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    for (const s of started) s.process.kill('SIGKILL');
  });
}
