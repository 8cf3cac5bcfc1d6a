import { Redis } from 'ioredis';
import { MASTER_NAME, type Topology } from './topology.js';

export interface AppSpec {
  readonly user: string;
  readonly count: number;
  /** Subscribe to this channel: a pub/sub listener rather than a command client. */
  readonly subscribe?: string;
}

export interface AppClient {
  readonly name: string;
  readonly user: string;
  readonly kind: 'normal' | 'pubsub';
  /** The node it is connected to now, `127.0.0.1:port`, or undefined while reconnecting. */
  addr(): string | undefined;
  /** How many times it has connected (1 before any kill). */
  connections(): number;
}

export interface Apps {
  readonly clients: readonly AppClient[];
  close(): void;
}

/** Every app user may do anything, as application users usually can; the agent's own user is narrower. */
export const appUserAcl = (user: string): string[] => ['SETUSER', user, 'on', `>${user}-pw`, '~*', '&*', '+@all'];

/**
 * Application clients that find the master through the Sentinels, as ioredis apps do, and
 * reconnect (asking the Sentinels again) when their connection is closed. `onReady` hears each
 * (re)connection with the node it reached.
 */
export const connectApps = async (topo: Topology, specs: readonly AppSpec[], onReady: (c: AppClient, addr: string) => void): Promise<Apps> => {
  const redises: Redis[] = [];
  const clients = specs.flatMap((spec) =>
    Array.from({ length: spec.count }, (_, i) => {
      const name = `${spec.user}${spec.subscribe ? '-sub' : ''}-${i + 1}`;
      const redis = new Redis({
        sentinels: topo.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })),
        name: MASTER_NAME,
        role: 'master',
        username: spec.user,
        password: `${spec.user}-pw`,
        connectionName: name,
        protocol: 2,
        lazyConnect: true,
        retryStrategy: () => 100,
      });
      redises.push(redis);
      redis.on('error', () => undefined); // reconnecting is the point; the narrator reports it
      let addr: string | undefined;
      let connections = 0;
      const client: AppClient = { name, user: spec.user, kind: spec.subscribe ? 'pubsub' : 'normal', addr: () => addr, connections: () => connections };
      redis.on('close', () => (addr = undefined));
      redis.on('ready', () => {
        addr = `127.0.0.1:${redis.stream.remotePort}`;
        connections++;
        onReady(client, addr);
      });
      return { redis, spec, client };
    }),
  );
  await Promise.all(clients.map(async ({ redis, spec }) => {
    await redis.connect();
    if (spec.subscribe) await redis.subscribe(spec.subscribe);
  }));
  return { clients: clients.map((c) => c.client), close: () => redises.forEach((r) => r.disconnect()) };
};
