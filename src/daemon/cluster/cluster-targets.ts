import { parseTarget } from '../../target/target.js';
import type { ObservedRole } from '../target/role.js';
import type { WatchedTarget } from '../topology.js';
import type { ClusterNode } from './cluster-nodes.js';

/** `<cluster>/<host:port>`: how a discovered cluster node is named in logs, metrics and status. */
export const clusterTargetName = (cluster: string, addr: string): string => `${cluster}/${addr}`;

/** One cluster's nodes as targets; they use TLS when the cluster's seeds do. Pure. */
export const clusterTargets = (cluster: string, nodes: readonly ClusterNode[], tls: boolean): WatchedTarget[] =>
  nodes.map((n) => {
    const target = parseTarget(n.addr);
    return { name: clusterTargetName(cluster, n.addr), addr: n.addr, target: target.kind === 'tcp' ? { ...target, tls } : target, cluster };
  });

/** The other targets first (configured and Sentinel-discovered win), then every cluster node not already there. Pure. */
export const withClusterTargets = (others: readonly WatchedTarget[], clustered: readonly WatchedTarget[]): WatchedTarget[] => {
  const known = new Set(others.map((t) => t.addr));
  return [...others, ...clustered.filter((t) => !known.has(t.addr) && known.add(t.addr))];
};

/** What the cluster says a node is, in ROLE's terms: a primary, or a replica of its primary. Unknown for a replica whose primary is not known. Pure. */
export const reportedRole = (n: ClusterNode): ObservedRole | undefined =>
  n.role === 'master' ? (n.slots.length > 0 ? { kind: 'master' } : undefined) : n.of ? { kind: 'replica', of: n.of } : undefined;

/** Addresses that joined and left between two views of a cluster. Pure. */
export const membershipChange = (before: readonly ClusterNode[], after: readonly ClusterNode[]): { joined: string[]; left: string[] } => {
  const was = new Set(before.map((n) => n.addr));
  const is = new Set(after.map((n) => n.addr));
  return { joined: [...is].filter((a) => !was.has(a)), left: [...was].filter((a) => !is.has(a)) };
};
