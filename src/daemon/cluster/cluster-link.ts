import type { AgentConfig, ClusterConfig } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import { targetLabel } from '../../target/target.js';
import type { WatchedTarget } from '../topology.js';
import { discoverCluster, NotClusterError, type Topology } from './cluster-discovery.js';
import type { ClusterNode, TopologySource } from './cluster-nodes.js';
import { clusterTargets, membershipChange } from './cluster-targets.js';

export interface ClusterLinkDeps {
  cfg(): AgentConfig;
  /** A cluster's topology was read (on its timer, at start, after a role change). */
  topology(cluster: string, nodes: readonly ClusterNode[]): void;
}

/** One cluster in /status: where its topology came from, and its nodes as the cluster sees them. */
export interface ClusterStatus {
  readonly name: string;
  readonly seeds: readonly string[];
  readonly source?: TopologySource;
  /** The seed that answered last. */
  readonly seed?: string;
  readonly lastRefreshAt?: string;
  /** Why the last refresh failed (the last good topology is kept). */
  readonly error?: string;
  readonly nodes: readonly ClusterNode[];
}

interface Known {
  topology?: Topology;
  at?: number;
  error?: string;
  timer?: NodeJS.Timeout;
  refreshing?: Promise<void>;
  again: boolean;
}

/**
 * Everything the daemon does with clusters: read each cluster's topology from its seeds at start,
 * every refreshIntervalMs and on request (a role change seen on one of its nodes), and keep the
 * last good one when a refresh fails. Overlapping refreshes of one cluster run as one.
 */
export class ClusterLink {
  private known = new Map<string, Known>();
  private stopped = false;
  private readonly log: Logger;

  constructor(
    private readonly deps: ClusterLinkDeps,
    root: Logger,
  ) {
    this.log = root.child({ component: 'cluster' });
  }

  /** Read every cluster once (awaited, so the first target set is complete), then keep refreshing. */
  async start(): Promise<void> {
    this.stopped = false;
    const clusters = this.deps.cfg().clusters;
    for (const c of clusters) this.known.set(c.name, this.known.get(c.name) ?? { again: false });
    await Promise.all(clusters.map((c) => this.refresh(c.name)));
    for (const c of clusters) this.known.get(c.name)!.timer = setInterval(() => void this.refresh(c.name), c.refreshIntervalMs);
  }

  /** Stop refreshing. `forget` also drops the topologies read (the clusters config changed). */
  stop(forget = false): void {
    this.stopped = true;
    for (const k of this.known.values()) clearInterval(k.timer);
    if (forget) this.known = new Map();
  }

  /** Every node of every cluster, as targets. */
  targets(): WatchedTarget[] {
    return this.deps.cfg().clusters.flatMap((c) => clusterTargets(c.name, this.known.get(c.name)?.topology?.nodes ?? [], c.seeds[0]!.tls));
  }

  status(): ClusterStatus[] {
    return this.deps.cfg().clusters.map((c) => {
      const k = this.known.get(c.name);
      const t = k?.topology;
      return {
        name: c.name,
        seeds: c.seeds.map(targetLabel),
        ...(t && { source: t.source, seed: t.seed }),
        ...(k?.at !== undefined && { lastRefreshAt: new Date(k.at).toISOString() }),
        ...(k?.error && { error: k.error }),
        nodes: t?.nodes ?? [],
      };
    });
  }

  /** Read one cluster's topology now (coalesced with a refresh of it already going). */
  refresh(name: string): Promise<void> {
    const k = this.known.get(name);
    const cluster = this.deps.cfg().clusters.find((c) => c.name === name);
    if (this.stopped || !k || !cluster) return Promise.resolve();
    if (k.refreshing) {
      k.again = true;
      return k.refreshing;
    }
    k.refreshing = (async () => {
      do {
        k.again = false;
        await this.readOnce(cluster, k);
      } while (k.again && !this.stopped);
    })().finally(() => (k.refreshing = undefined));
    return k.refreshing;
  }

  private async readOnce(cluster: ClusterConfig, k: Known): Promise<void> {
    const log = this.log.child({ cluster: cluster.name });
    try {
      const t = await discoverCluster(cluster, this.deps.cfg());
      if (this.stopped) return;
      const { joined, left } = membershipChange(k.topology?.nodes ?? [], t.nodes);
      if (k.error || !k.topology) log.info({ seed: t.seed, source: t.source, nodes: t.nodes.length }, 'cluster topology read');
      if (k.topology && joined.length > 0) log.info({ joined }, 'cluster nodes joined: watching them');
      if (left.length > 0) log.info({ left }, 'cluster nodes left: no longer watching them');
      if (t.notCluster.length > 0) log.error({ seeds: t.notCluster }, 'refused: these seeds are not in cluster mode (cluster-enabled no); check clusters[].seeds');
      k.topology = t;
      k.at = Date.now();
      k.error = undefined;
      this.deps.topology(cluster.name, t.nodes);
    } catch (e) {
      const err = (e as Error).message;
      if (err !== k.error) {
        if (e instanceof NotClusterError) log.error({ err }, 'refused: a seed is not in cluster mode; nothing discovered from it');
        else log.warn({ err }, `cluster topology refresh failed: ${k.topology ? 'keeping the last good topology' : 'no nodes known yet'}`);
      }
      k.error = err;
    }
  }
}
