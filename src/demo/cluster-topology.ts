import type { Redis } from 'ioredis';
import { admin, startProcessGroup, type DemoNode } from './processes.js';
import { waitUntil } from './wait.js';

const SLOTS = 16384;
/** Low, so a failover is quick; the demo's failover is a manual one anyway. */
const NODE_TIMEOUT_MS = 1000;

export interface Shard {
  readonly primary: DemoNode;
  readonly replica: DemoNode;
}

export interface ClusterTopology {
  readonly dir: string;
  readonly shards: readonly Shard[];
  readonly nodes: readonly DemoNode[];
  admin<T>(node: DemoNode, fn: (r: Redis) => Promise<T>): Promise<T>;
  /** The node of `shard` that is its primary now (ROLE), or undefined while neither says so. */
  primaryOf(shard: Shard): Promise<DemoNode | undefined>;
  stop(): void;
}

const isMaster = async (node: DemoNode): Promise<boolean> => ((await admin(node, (r) => r.call('ROLE'))) as unknown[])[0] === 'master';

/** Slots [from, to] to `node`: CLUSTER ADDSLOTSRANGE where the server has it (Redis 7.0+, Valkey), else ADDSLOTS. */
const addSlots = (node: DemoNode, from: number, to: number): Promise<unknown> =>
  admin(node, async (r) => {
    try {
      return await r.call('CLUSTER', 'ADDSLOTSRANGE', String(from), String(to));
    } catch (e) {
      if (!/unknown subcommand/i.test((e as Error).message)) throw e;
      return r.call('CLUSTER', 'ADDSLOTS', ...Array.from({ length: to - from + 1 }, (_, i) => String(from + i)));
    }
  });

/**
 * A three-shard cluster, one replica per primary, from this machine's server binary on free
 * loopback ports: joined with CLUSTER MEET, slots split evenly, replicas set with CLUSTER
 * REPLICATE, the way `redis-cli --cluster create` does it, so the demo needs no cli.
 */
export const startClusterTopology = async (bin: string): Promise<ClusterTopology> => {
  const { dir, launch, serverArgs, stop } = startProcessGroup(bin);
  try {
    const node = (role: string) =>
      launch(role, (port) =>
        serverArgs(port, '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', String(NODE_TIMEOUT_MS), '--repl-diskless-sync-delay', '0'),
      );
    const primaries = await Promise.all([0, 1, 2].map(() => node('primary')));
    const replicas = await Promise.all([0, 1, 2].map(() => node('replica')));
    const nodes = [...primaries, ...replicas];
    for (const n of nodes.slice(1)) await admin(n, (r) => r.call('CLUSTER', 'MEET', '127.0.0.1', String(nodes[0]!.port)));
    const per = Math.ceil(SLOTS / primaries.length);
    await Promise.all(primaries.map((p, i) => addSlots(p, i * per, Math.min(SLOTS, (i + 1) * per) - 1)));
    const knowsAll = async (n: DemoNode) => String(await admin(n, (r) => r.call('CLUSTER', 'NODES'))).trim().split('\n').length === nodes.length;
    await waitUntil(async () => (await Promise.all(nodes.map(knowsAll))).every(Boolean), 15_000, 'every cluster node to know the others');
    const shards = await Promise.all(
      primaries.map(async (primary, i) => {
        const id = String(await admin(primary, (r) => r.call('CLUSTER', 'MYID')));
        await admin(replicas[i]!, (r) => r.call('CLUSTER', 'REPLICATE', id));
        return { primary, replica: replicas[i]! };
      }),
    );
    const ok = async (n: DemoNode) => /cluster_state:ok/.test(String(await admin(n, (r) => r.call('CLUSTER', 'INFO'))));
    const linked = async (n: DemoNode) => /master_link_status:up/.test(await admin(n, (r) => r.info('replication')));
    await waitUntil(async () => (await Promise.all([...nodes.map(ok), ...replicas.map(linked)])).every(Boolean), 30_000, 'the cluster to be ok with every replica linked');
    const primaryOf = async (s: Shard) => {
      for (const n of [s.primary, s.replica]) if (await isMaster(n).catch(() => false)) return n;
      return undefined;
    };
    return { dir, shards, nodes, admin, primaryOf, stop };
  } catch (e) {
    stop();
    throw e;
  }
};
