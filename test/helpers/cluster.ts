// A real Redis/Valkey Cluster for the tests: six cluster-enabled servers (of whichever binary the run
// uses) on free loopback ports, joined by the matching `redis-cli`/`valkey-cli --cluster create` with one
// replica per primary and a low cluster-node-timeout, so failovers take a second or two.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { findDebianTool } from './debian-tool.js';
import { serverBin, startServer, waitFor, type ServerHandle } from './servers.js';

const run = promisify(execFile);

/** The cluster's node timeout: low, so an automatic failover happens within a few seconds. */
export const NODE_TIMEOUT_MS = 1000;

/**
 * The cli that goes with the server under test: REDIS_CLI_BIN, else the `-cli` beside the server
 * binary (valkey-server -> valkey-cli), else redis-cli (Debian's redis-tools, installed when root).
 */
export const clusterCli = (): string => {
  if (process.env.REDIS_CLI_BIN) return process.env.REDIS_CLI_BIN;
  const bin = serverBin();
  const sibling = join(dirname(bin), basename(bin).replace(/-server$/, '-cli'));
  if (sibling !== bin && existsSync(sibling)) return sibling;
  return findDebianTool('redis-cli', 'redis-tools', 'REDIS_CLI_BIN');
};

export interface NodeRole {
  readonly node: ServerHandle;
  readonly role: 'master' | 'replica';
  /** For a replica: its primary's port. */
  readonly of?: number;
}

export interface TestCluster {
  readonly nodes: readonly ServerHandle[];
  /** Every node's role, from ROLE. */
  roles(): Promise<NodeRole[]>;
  primaries(): Promise<ServerHandle[]>;
  replicas(): Promise<ServerHandle[]>;
  /** The replica whose primary is `p`. */
  replicaOf(p: ServerHandle): Promise<ServerHandle>;
  /** Every node agrees the cluster is ok, every primary has a replica with its link up. */
  settled(): Promise<boolean>;
}

const roleOf = async (node: ServerHandle): Promise<NodeRole> => {
  const r = (await (await node.client()).call('ROLE')) as unknown[];
  return r[0] === 'master' ? { node, role: 'master' } : { node, role: 'replica', of: Number(r[2]) };
};

const linkUp = async (node: ServerHandle): Promise<boolean> => /master_link_status:up/.test(await (await node.client()).info('replication'));

/** Start six nodes and create a three-shard cluster with one replica each; stop them with stopAll. */
export const startCluster = async (): Promise<TestCluster> => {
  const args = ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(NODE_TIMEOUT_MS), '--cluster-replica-validity-factor', '0'];
  const nodes = await Promise.all(Array.from({ length: 6 }, () => startServer(args)));
  try {
    await run(clusterCli(), ['--cluster', 'create', ...nodes.map((n) => n.addr), '--cluster-replicas', '1', '--cluster-yes'], { timeout: 30_000 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${clusterCli()} --cluster create failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
  const roles = (): Promise<NodeRole[]> => Promise.all(nodes.map(roleOf));
  const primaries = async () => (await roles()).filter((r) => r.role === 'master').map((r) => r.node);
  const replicas = async () => (await roles()).filter((r) => r.role === 'replica').map((r) => r.node);
  const c: TestCluster = {
    nodes,
    roles,
    primaries,
    replicas,
    replicaOf: async (p) => (await roles()).find((r) => r.of === p.port)!.node,
    settled: async () => {
      const all = await roles();
      if (all.filter((r) => r.role === 'master').length !== 3) return false;
      for (const r of all) if (r.role === 'replica' && !(await linkUp(r.node))) return false;
      for (const n of nodes) if (!/cluster_state:ok/.test(String(await (await n.client()).call('CLUSTER', 'INFO')))) return false;
      return true;
    },
  };
  await waitFor(c.settled, 30_000, 'the cluster to be ok with three primaries and their replicas linked');
  return c;
};
