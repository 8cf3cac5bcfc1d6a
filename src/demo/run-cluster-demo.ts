import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLUSTER_NAME, clusterDemoConfig, IDLE_S, REAPER_NAME } from './agent-config.js';
import { CLUSTER_ACL_RULES } from './agent-user.js';
import { connectClusterApps } from './cluster-apps.js';
import { startClusterTopology } from './cluster-topology.js';
import { setUpUsers, startNarratedAgent, usersLine } from './narrated-agent.js';
import { placementLine, reaperLine } from './narrator.js';
import { DemoRun, type DemoResult } from './demo-run.js';
import { waitUntil } from './wait.js';

const WRITERS = [
  { user: 'shop', count: 3 },
  { user: 'shop', count: 1, subscribe: 'orders' },
] as const;
const READERS = { user: 'reporting', count: 2 } as const;

/** `demo --cluster`: a cluster failover, narrated; `stop` tears everything down at any time. */
export class ClusterDemo extends DemoRun {
  async run(): Promise<DemoResult> {
    const { n } = this;
    n.step(`Starting a three-shard cluster, one replica per primary (${this.bin})`);
    const topo = (this.topo = await startClusterTopology(this.bin));
    topo.shards.forEach((s, i) => n.say(`shard ${i + 1}: primary ${s.primary.addr}, replica ${s.replica.addr}`));
    n.say(`files in ${topo.dir}`);
    const password = randomBytes(12).toString('hex');
    for (const node of topo.nodes) await topo.admin(node, (r) => setUpUsers(r, password, [WRITERS[0].user, READERS.user], CLUSTER_ACL_RULES));
    n.say(usersLine(CLUSTER_ACL_RULES));

    const shard = topo.shards[0]!;
    n.step(`Connecting the applications: shop through a load balancer to shard 1's primary, reporting on every replica`);
    let failingOver = false;
    const apps = (this.apps = await connectClusterApps(topo, shard, WRITERS, READERS, (c, addr) => {
      if (failingOver) n.say(`${c.name} (user ${c.user}, ${c.kind}) reconnected to ${addr}${addr === shard.replica.addr ? ': the new primary' : ''}`);
    }));
    n.say(placementLine(apps.clients));

    n.step('Starting the agent (in this process, as `reconf-agent run` would), given one seed of the cluster');
    const cfg = clusterDemoConfig(topo, password);
    const agent = await startNarratedAgent(cfg, n);
    const daemon = (this.daemon = agent.daemon);
    await waitUntil(async () => daemon.status().targets.length === topo.nodes.length, 15_000, "the agent to discover the cluster's nodes");
    n.say(`discovered ${topo.nodes.length} nodes from ${topo.nodes[0]!.addr}: watching them as ${CLUSTER_NAME}/<host:port>`);

    n.step(`CLUSTER FAILOVER on ${shard.replica.addr}: shard 1's replica becomes its primary`);
    failingOver = true;
    await topo.admin(shard.replica, (r) => r.call('CLUSTER', 'FAILOVER'));
    const shop = apps.clients.filter((c) => c.user === WRITERS[0].user);
    await waitUntil(async () => shop.every((c) => c.addr() === shard.replica.addr), 30_000, 'every shop client to reach the new primary');
    n.say(`now: ${placementLine(shop)}`);
    n.say('(the load balancer sent them to the new primary only because the agent closed them: nothing else would have)');

    n.step(`One run of the reaper ${REAPER_NAME} on every replica of the cluster (normally on its schedule, '${cfg.reapers[0]!.schedule}')`);
    n.say(`letting the reporting clients sit idle for ${IDLE_S + 1} s first; shard 1's are on a primary now, and spared`);
    await sleep((IDLE_S + 1) * 1000);
    const reaped = await daemon.runReaper(REAPER_NAME);
    if (reaped) n.say(reaperLine(reaped));

    n.step('Stopping everything');
    await this.stop();
    n.say(`stopped the agent, the applications and ${topo.nodes.length} servers; removed ${topo.dir}`);
    return { policyKills: agent.policyKills(), reaperKills: reaped?.results.reduce((k, r) => k + r.killed, 0) ?? 0 };
  }
}
