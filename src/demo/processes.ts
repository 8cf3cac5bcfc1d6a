import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { waitUntil } from './wait.js';

export interface DemoNode {
  readonly role: string;
  readonly port: number;
  readonly addr: string;
  readonly process: ChildProcess;
}

/** A short-lived admin connection to a node, as the default user. */
export const admin = async <T>(node: Pick<DemoNode, 'port'>, fn: (r: Redis) => Promise<T>): Promise<T> => {
  const r = new Redis({ host: '127.0.0.1', port: node.port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
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

/** The demo's server processes, all files in one temp dir; `stop` (also run on exit) kills them and removes it. */
export interface ProcessGroup {
  readonly dir: string;
  /** Start `bin` with `args(port)` on a free loopback port and wait until it answers PING. */
  launch(role: string, args: (port: number) => string[]): Promise<DemoNode>;
  /** The usual flags of a throw-away data node on `port`: loopback only, no persistence, files in the dir. */
  serverArgs(port: number, ...extra: string[]): string[];
  stop(): void;
}

export const startProcessGroup = (bin: string): ProcessGroup => {
  const dir = mkdtempSync(join(tmpdir(), 'reconf-demo-'));
  const nodes: DemoNode[] = [];
  const stop = (): void => {
    for (const n of nodes) if (n.process.exitCode === null) n.process.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return {
    dir,
    stop,
    serverArgs: (port, ...extra) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra],
    launch: async (role, args) => {
      const port = await freePort();
      const child = spawn(bin, args(port), { cwd: dir, stdio: 'ignore' });
      const node: DemoNode = { role, port, addr: `127.0.0.1:${port}`, process: child };
      nodes.push(node);
      await waitUntil(async () => (await admin(node, (r) => r.ping())) === 'PONG', 30_000, `${role} on ${node.addr} to answer PING`);
      return node;
    },
  };
};
