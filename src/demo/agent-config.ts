import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfig } from '../config/load.js';
import type { AgentConfig } from '../config/types.js';
import { AGENT_USER } from './agent-user.js';
import type { ClusterTopology } from './cluster-topology.js';
import { MASTER_NAME, type Topology } from './topology.js';

export const REAPER_NAME = 'idle-reporting';
/** The reaper closes reporting connections idle this many seconds. */
export const IDLE_S = 2;

export const CLUSTER_NAME = 'demo';

/** The agent's password in a file in the demo dir, as an operator would keep it. */
const writePasswordFile = (dir: string, password: string): string => {
  const file = join(dir, 'agent-password');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return file;
};

/**
 * The config the demo's agent runs with, built the way an operator would write it: follow the
 * master through the three Sentinels, close the shop's writers and subscribers on a demoted
 * master, and reap idle reporting connections. The password sits in a file in the demo dir.
 */
export const demoConfig = (topo: Topology, password: string): AgentConfig =>
  validateConfig(
    {
      sentinels: topo.sentinels.map((s) => ({ url: `redis://${s.addr}` })),
      masters: [MASTER_NAME],
      auth: { username: AGENT_USER, passwordFile: writePasswordFile(topo.dir, password) },
      watch: { pollIntervalMs: 500, discoveryIntervalMs: 1000 },
      policies: [
        { name: 'shop-writers-off-old-master', on: 'demoted', filter: 'TYPE normal USER shop' },
        { name: 'shop-subscribers-off-old-master', on: 'demoted', filter: 'TYPE pubsub USER shop' },
      ],
      reapers: [{ name: REAPER_NAME, schedule: '0 3 * * *', roles: ['master', 'replica'], filter: `TYPE normal USER reporting IDLE ${IDLE_S}` }],
      admin: { listen: '' },
      log: { level: 'error' }, // the watcher's reconnects after Sentinel's own CLIENT KILL are expected here
    },
    {},
  );

/**
 * The cluster demo's config: discover the cluster from one seed, close the shop's connections on a
 * demoted primary (they came through a load balancer that does not follow the cluster), and reap
 * idle reporting connections on replicas only.
 */
export const clusterDemoConfig = (topo: ClusterTopology, password: string): AgentConfig =>
  validateConfig(
    {
      clusters: [{ name: CLUSTER_NAME, seeds: [`redis://${topo.nodes[0]!.addr}`], refreshIntervalMs: 2000 }],
      auth: { username: AGENT_USER, passwordFile: writePasswordFile(topo.dir, password) },
      watch: { pollIntervalMs: 500 },
      policies: [
        { name: 'shop-writers-off-old-primary', on: 'demoted', filter: 'TYPE normal USER shop' },
        { name: 'shop-subscribers-off-old-primary', on: 'demoted', filter: 'TYPE pubsub USER shop' },
      ],
      reapers: [{ name: REAPER_NAME, schedule: '0 3 * * *', roles: ['replica'], filter: `TYPE normal USER reporting IDLE ${IDLE_S}` }],
      admin: { listen: '' },
      log: { level: 'error' },
    },
    {},
  );
