// A Sentinel-managed group for the daemon tests: a primary, replicas and three Sentinels on free loopback
// ports (fast timings), a way to fail it over, and restarting a server on the port it had.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { openClient, serverBin, startReplica, startSentinel, startServer, waitFor, type ServerHandle } from './servers.js';

export interface SentinelGroup {
  readonly name: string;
  readonly master: ServerHandle;
  readonly replicas: readonly ServerHandle[];
  readonly sentinels: readonly ServerHandle[];
}

/** Server flags for fast tests: a replica syncs at once (Redis waits 5 s for more replicas by default). */
export const FAST_SYNC = ['--repl-diskless-sync-delay', '0'];

const sentinelCall = async (s: ServerHandle, ...args: string[]): Promise<unknown> => (await s.client()).call('SENTINEL', ...args);

/** Start a primary, `replicas` replicas and three Sentinels that know all of them. */
export const startSentinelGroup = async (name: string, replicas = 2): Promise<SentinelGroup> => {
  const master = await startServer(FAST_SYNC);
  const reps = await Promise.all(Array.from({ length: replicas }, () => startReplica(master, FAST_SYNC)));
  const sentinels = await Promise.all([0, 1, 2].map(() => startSentinel(name, master, { quorum: 2, downAfterMs: 2000, failoverTimeoutMs: 6000 })));
  for (const s of sentinels) {
    await waitFor(async () => ((await sentinelCall(s, 'REPLICAS', name)) as unknown[]).length === replicas, 15_000, `sentinel ${s.port} sees ${replicas} replicas`);
  }
  return { name, master, replicas: reps, sentinels };
};

/** The master's address as the Sentinels report it. */
export const currentMaster = async (g: SentinelGroup): Promise<string> => {
  const [ip, port] = (await sentinelCall(g.sentinels[0]!, 'GET-MASTER-ADDR-BY-NAME', g.name)) as [string, string];
  return `${ip}:${port}`;
};

/** SENTINEL FAILOVER (needs no quorum) and wait until the Sentinels name another master. Returns the new master's address. */
export const failover = async (g: SentinelGroup): Promise<string> => {
  const before = await currentMaster(g);
  // Right after start a Sentinel may not yet rate any replica good enough (-NOGOODSLAVE): ask again.
  await waitFor(async () => (await sentinelCall(g.sentinels[0]!, 'FAILOVER', g.name)) === 'OK', 15_000, 'Sentinel to accept SENTINEL FAILOVER');
  let after = before;
  await waitFor(
    async () => {
      after = await currentMaster(g);
      return after !== before;
    },
    20_000,
    'the Sentinels to name a new master',
  );
  return after;
};

/** The ROLE of a server: `master` or `replica of host:port`. */
export const roleOf = async (s: ServerHandle): Promise<string> => {
  const r = (await (await s.client()).call('ROLE')) as unknown[];
  return r[0] === 'master' ? 'master' : `replica of ${r[1]}:${r[2]}`;
};

const restarted = new Set<ChildProcess>();

/** Kill a server (SIGKILL) and start a fresh one (new run_id) on the same port. Stop it with stopRestarted. */
export const restartOnSamePort = async (s: ServerHandle): Promise<{ port: number; client(): Promise<Redis> }> => {
  const exited = new Promise((resolve) => s.process.once('exit', resolve));
  s.process.kill('SIGCONT');
  s.process.kill('SIGKILL');
  await exited;
  const dir = mkdtempSync(join(tmpdir(), 'reconf-restart-'));
  const args = ['--port', String(s.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...FAST_SYNC];
  const proc = spawn(serverBin(), args, { stdio: 'ignore' });
  proc.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  restarted.add(proc);
  await waitFor(async () => (await (await openClient(s.port)).ping()) === 'PONG', 10_000, `server restarted on ${s.port}`);
  return { port: s.port, client: () => openClient(s.port) };
};

/** Stop the servers restartOnSamePort started. */
export const stopRestarted = async (): Promise<void> => {
  await Promise.all(
    [...restarted].map(async (p) => {
      if (p.exitCode === null && p.signalCode === null) {
        const exited = new Promise((resolve) => p.once('exit', resolve));
        p.kill('SIGKILL');
        await exited;
      }
    }),
  );
  restarted.clear();
};
