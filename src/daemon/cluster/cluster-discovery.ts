import type { AgentConfig, ClusterConfig } from '../../config/types.js';
import { openSession } from '../../runner/session.js';
import { targetLabel } from '../../target/target.js';
import { DiscoveryError } from '../errors.js';
import { withTimeout } from '../target/timeout.js';
import { parseClusterNodes, parseClusterShards, type ClusterNode, type TopologySource } from './cluster-nodes.js';

/** A seed answered, but it is not in cluster mode: no use asking again until the config changes. */
export class NotClusterError extends DiscoveryError {}

export interface Topology {
  readonly nodes: readonly ClusterNode[];
  readonly source: TopologySource;
  /** The seed that answered (host:port). */
  readonly seed: string;
  /** Seeds asked before it that said they are not in cluster mode. */
  readonly notCluster: readonly string[];
}

const message = (e: unknown): string => (e as Error).message ?? String(e);

/** The server's reply to CLUSTER SHARDS / NODES on a node that is not in cluster mode. */
const notCluster = (e: unknown): boolean => /cluster support disabled/i.test(message(e));
/** Servers before Redis 7.0 have no CLUSTER SHARDS. */
const noShards = (e: unknown): boolean => /unknown subcommand|unknown command/i.test(message(e));

/**
 * Ask the seeds, in order, for the cluster's nodes: CLUSTER SHARDS where the server has it, else
 * CLUSTER NODES. Seeds log in like every target (their URL's credentials, else `auth`). A seed
 * that is not in cluster mode is passed over (and named in the result); NotClusterError when every
 * seed that answered said so, DiscoveryError when none answered at all.
 */
export const discoverCluster = async (cluster: ClusterConfig, cfg: Pick<AgentConfig, 'auth' | 'tls' | 'watch'>): Promise<Topology> => {
  const reasons: string[] = [];
  const notClusterSeeds: string[] = [];
  const { timeoutMs } = cfg.watch;
  for (const target of cluster.seeds) {
    const seed = targetLabel(target);
    let session: Awaited<ReturnType<typeof openSession>> | undefined;
    try {
      session = await openSession(target, cfg, { label: seed });
      const ask = (...args: string[]) => withTimeout(session!.redis.call('CLUSTER', ...args), timeoutMs, `CLUSTER ${args[0]} on ${seed}`);
      try {
        return { nodes: parseClusterShards(await ask('SHARDS')), source: 'CLUSTER SHARDS', seed, notCluster: notClusterSeeds };
      } catch (e) {
        if (!noShards(e)) throw e;
      }
      return { nodes: parseClusterNodes(String(await ask('NODES'))), source: 'CLUSTER NODES', seed, notCluster: notClusterSeeds };
    } catch (e) {
      if (notCluster(e)) notClusterSeeds.push(seed);
      reasons.push(`${seed}: ${notCluster(e) ? 'not in cluster mode' : message(e)}`);
    } finally {
      session?.close();
    }
  }
  if (notClusterSeeds.length === reasons.length) {
    throw new NotClusterError(`cluster '${cluster.name}': seed ${notClusterSeeds.join(', ')} is not in cluster mode (cluster-enabled no): check its seeds`);
  }
  throw new DiscoveryError(`no seed of cluster '${cluster.name}' answered: ${reasons.join('; ')}`);
};
