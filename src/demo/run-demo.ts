import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoConfig, IDLE_S, REAPER_NAME } from './agent-config.js';
import { connectApps, type AppSpec } from './app-clients.js';
import { setUpUsers, startNarratedAgent, usersLine } from './narrated-agent.js';
import { placementLine, reaperLine, reconnectLine } from './narrator.js';
import { MASTER_NAME, startTopology } from './topology.js';
import { DemoRun, type DemoResult } from './demo-run.js';
import { waitUntil } from './wait.js';

const APPS: readonly AppSpec[] = [
  { user: 'shop', count: 3 },
  { user: 'shop', count: 2, subscribe: 'orders' },
  { user: 'reporting', count: 2 },
];

/** The demo, step by step; `stop` tears everything down and may be called at any time (Ctrl-C). */
export class Demo extends DemoRun {
  async run(): Promise<DemoResult> {
    const { n } = this;
    n.step(`Starting a primary, a replica and three Sentinels (${this.bin})`);
    const topo = (this.topo = await startTopology(this.bin));
    n.say(`primary ${topo.primary.addr}, replica ${topo.replica.addr}, sentinels ${topo.sentinels.map((s) => s.addr).join(' ')}`);
    n.say(`files in ${topo.dir}`);
    const password = randomBytes(12).toString('hex');
    for (const node of [topo.primary, topo.replica]) await topo.admin(node, (r) => setUpUsers(r, password, APPS.map((a) => a.user)));
    n.say(usersLine());

    n.step('Connecting the applications; they find the master through the Sentinels');
    let failingOver = false;
    const apps = (this.apps = await connectApps(topo, APPS, (c, addr) => {
      if (failingOver) n.say(reconnectLine(c, addr, topo.replica.addr));
    }));
    n.say(placementLine(apps.clients));

    n.step('Starting the agent (in this process, as `reconf-agent run` would)');
    const cfg = demoConfig(topo, password);
    const agent = await startNarratedAgent(cfg, n);
    const daemon = (this.daemon = agent.daemon);
    await waitUntil(async () => daemon.status().targets.length === 2, 15_000, 'the agent to find the replica through the Sentinels');
    n.say(`watching ${daemon.status().targets.map((t) => t.name).join(' and ')}, following '${MASTER_NAME}' through 3 Sentinels`);

    n.step(`SENTINEL FAILOVER ${MASTER_NAME}: the replica ${topo.replica.addr} becomes the master`);
    failingOver = true;
    await waitUntil(async () => (await topo.admin(topo.sentinels[0]!, (r) => r.call('SENTINEL', 'FAILOVER', MASTER_NAME))) === 'OK', 15_000, 'Sentinel to accept the failover');
    const onNewMaster = async () => apps.clients.every((c) => c.addr() === topo.replica.addr);
    await waitUntil(onNewMaster, 30_000, 'every app client to reach the new master');
    n.say(`now: ${placementLine(apps.clients)}`);
    n.say('(reporting is in no policy: the agent left its clients alone; Sentinel closed them when it converted the old master)');

    n.step(`One run of the reaper ${REAPER_NAME} (normally on its schedule, '${cfg.reapers[0]!.schedule}')`);
    n.say(`letting the reporting clients sit idle for ${IDLE_S + 1} s first`);
    await sleep((IDLE_S + 1) * 1000);
    const reporting = apps.clients.filter((c) => c.user === 'reporting');
    const before = reporting.map((c) => c.connections());
    const reaped = await daemon.runReaper(REAPER_NAME);
    if (reaped) n.say(reaperLine(reaped));
    await waitUntil(async () => reporting.every((c, i) => c.connections() > before[i]!) && (await onNewMaster()), 10_000, 'the reaped clients to reconnect');
    n.say(`now: ${placementLine(apps.clients)}`);

    n.step('Stopping everything');
    await this.stop();
    n.say(`stopped the agent, the applications and 5 servers; removed ${topo.dir}`);
    return { policyKills: agent.policyKills(), reaperKills: reaped?.results.reduce((k, r) => k + r.killed, 0) ?? 0 };
  }
}
