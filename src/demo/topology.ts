import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { INSTALL_REDIS_HINT, ServerBinaryMissingError } from './errors.js';
import { waitUntil } from './wait.js';

export const MASTER_NAME = 'demo';

export interface DemoNode {
  readonly role: 'primary' | 'replica' | 'sentinel';
  readonly port: number;
  readonly addr: string;
  readonly process: ChildProcess;
}

export interface Topology {
  readonly dir: string;
  readonly primary: DemoNode;
  readonly replica: DemoNode;
  readonly sentinels: readonly DemoNode[];
  /** A short-lived admin connection to a node, as the default user. */
  admin<T>(node: DemoNode, fn: (r: Redis) => Promise<T>): Promise<T>;
  /** Kill every process and remove the temp dir; safe to call twice. */
  stop(): void;
}

/** REDIS_SERVER_BIN, else redis-server on PATH; the error says how to install one. */
export const findRedisServer = (env: NodeJS.ProcessEnv): string => {
  if (env.REDIS_SERVER_BIN) {
    if (existsSync(env.REDIS_SERVER_BIN)) return env.REDIS_SERVER_BIN;
    throw new ServerBinaryMissingError(`demo: REDIS_SERVER_BIN=${env.REDIS_SERVER_BIN} does not exist; ${INSTALL_REDIS_HINT}`);
  }
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  throw new ServerBinaryMissingError(`demo: needs redis-server and found none on PATH; ${INSTALL_REDIS_HINT}`);
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

const admin = async <T>(node: DemoNode, fn: (r: Redis) => Promise<T>): Promise<T> => {
  const r = new Redis({ host: '127.0.0.1', port: node.port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
};

/**
 * A primary, its replica and three Sentinels (quorum 2) from this machine's redis-server, on
 * free loopback ports, all files in one temp dir. Every process is killed on `stop` and on exit.
 */
export const startTopology = async (bin: string): Promise<Topology> => {
  const dir = mkdtempSync(join(tmpdir(), 'reconf-demo-'));
  const nodes: DemoNode[] = [];
  const stop = (): void => {
    for (const n of nodes) if (n.process.exitCode === null) n.process.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  const launch = async (role: DemoNode['role'], args: (port: number) => string[]): Promise<DemoNode> => {
    const port = await freePort();
    const child = spawn(bin, args(port), { cwd: dir, stdio: 'ignore' });
    const node: DemoNode = { role, port, addr: `127.0.0.1:${port}`, process: child };
    nodes.push(node);
    await waitUntil(async () => (await admin(node, (r) => r.ping())) === 'PONG', 10_000, `${role} on ${node.addr} to answer PING`);
    return node;
  };
  try {
    const server = (extra: string[]) => (port: number) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra];
    // No 5 s wait before the replica's first sync (repl-diskless-sync-delay defaults to 5).
    const primary = await launch('primary', server(['--repl-diskless-sync-delay', '0']));
    const replica = await launch('replica', server(['--replicaof', '127.0.0.1', String(primary.port)]));
    await waitUntil(async () => /master_link_status:up/.test(await admin(replica, (r) => r.info('replication'))), 10_000, 'the replica to sync');
    const sentinels: DemoNode[] = [];
    for (let i = 0; i < 3; i++) {
      sentinels.push(
        await launch('sentinel', (port) => {
          const conf = join(dir, `sentinel-${port}.conf`);
          const lines = [`port ${port}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${primary.port} 2`];
          writeFileSync(conf, [...lines, `sentinel down-after-milliseconds ${MASTER_NAME} 2000`, `sentinel failover-timeout ${MASTER_NAME} 10000`, ''].join('\n'));
          return [conf, '--sentinel'];
        }),
      );
    }
    return { dir, primary, replica, sentinels, admin, stop };
  } catch (e) {
    stop();
    throw e;
  }
};
