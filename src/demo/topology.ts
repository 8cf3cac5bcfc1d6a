import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { INSTALL_REDIS_HINT, ServerBinaryMissingError } from './errors.js';
import { admin, startProcessGroup, type DemoNode } from './processes.js';
import { waitUntil } from './wait.js';

export const MASTER_NAME = 'demo';

export type { DemoNode };

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

/**
 * A primary, its replica and three Sentinels (quorum 2) from this machine's redis-server, on
 * free loopback ports, all files in one temp dir. Every process is killed on `stop` and on exit.
 */
export const startTopology = async (bin: string): Promise<Topology> => {
  const { dir, launch, serverArgs, stop } = startProcessGroup(bin);
  try {
    // No 5 s wait before the replica's first sync (repl-diskless-sync-delay defaults to 5).
    const primary = await launch('primary', (port) => serverArgs(port, '--repl-diskless-sync-delay', '0'));
    const replica = await launch('replica', (port) => serverArgs(port, '--replicaof', '127.0.0.1', String(primary.port)));
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
