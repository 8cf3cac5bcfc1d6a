import { Redis } from 'ioredis';
import type { AppClient, Apps } from './app-clients.js';
import type { ClusterTopology, Shard } from './cluster-topology.js';
import type { DemoNode } from './processes.js';
import { waitUntil } from './wait.js';

export interface PinnedSpec {
  readonly user: string;
  readonly count: number;
  readonly subscribe?: string;
}

interface Pinned {
  readonly client: AppClient;
  close(): void;
}

/**
 * One client that is not cluster-aware: it talks to whichever node `where()` names, as a client
 * behind a TCP load balancer does, and when its connection is closed it connects again to what
 * `where()` names then. `onReady` hears each (re)connection.
 */
const pinned = (name: string, spec: PinnedSpec, where: () => Promise<DemoNode | undefined>, onReady: (c: AppClient, addr: string) => void): Pinned => {
  let addr: string | undefined;
  let connections = 0;
  let current: Redis | undefined;
  let closed = false;
  const client: AppClient = { name, user: spec.user, kind: spec.subscribe ? 'pubsub' : 'normal', addr: () => addr, connections: () => connections };
  const connect = async (): Promise<void> => {
    while (!closed) {
      const node = await where().catch(() => undefined);
      if (node) {
        const r = new Redis({ host: '127.0.0.1', port: node.port, username: spec.user, password: `${spec.user}-pw`, connectionName: name, protocol: 2, lazyConnect: true, retryStrategy: () => null });
        r.on('error', () => undefined); // reconnecting is the point; the narrator reports it
        try {
          await r.connect();
          if (spec.subscribe) await r.subscribe(spec.subscribe);
          current = r;
          addr = node.addr;
          connections++;
          r.once('end', () => {
            addr = undefined;
            void connect();
          });
          onReady(client, node.addr);
          return;
        } catch {
          r.disconnect();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  void connect();
  return { client, close: () => ((closed = true), current?.disconnect()) };
};

/**
 * The cluster demo's applications: `writers` reach the primary of `shard` through a load
 * balancer that follows the primary (whichever node of the shard says master), `readers` sit on
 * each replica, as reporting jobs reading from replicas do. Resolves once all are connected.
 */
export const connectClusterApps = async (
  topo: ClusterTopology,
  shard: Shard,
  writers: readonly PinnedSpec[],
  readers: PinnedSpec,
  onReady: (c: AppClient, addr: string) => void,
): Promise<Apps> => {
  const all: Pinned[] = [];
  for (const spec of writers) {
    for (let i = 1; i <= spec.count; i++) all.push(pinned(`${spec.user}${spec.subscribe ? '-sub' : ''}-${i}`, spec, () => topo.primaryOf(shard), onReady));
  }
  topo.shards.forEach((s, n) => {
    for (let i = 1; i <= readers.count; i++) all.push(pinned(`${readers.user}-${n + 1}.${i}`, readers, async () => s.replica, onReady));
  });
  await waitUntil(async () => all.every((p) => p.client.connections() > 0), 15_000, 'the app clients to connect');
  return { clients: all.map((p) => p.client), close: () => all.forEach((p) => p.close()) };
};
