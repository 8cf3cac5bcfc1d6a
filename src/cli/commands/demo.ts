import { Command } from 'commander';
import { createNarrator } from '../../demo/narrator.js';
import { ClusterDemo } from '../../demo/run-cluster-demo.js';
import { Demo } from '../../demo/run-demo.js';
import { findRedisServer } from '../../demo/topology.js';

/** `demo`: a live failover on this machine, narrated; everything it starts is gone when it ends. */
export const demoCommand = (): Command =>
  new Command('demo')
    .description("a live failover on this machine: a primary, a replica, 3 Sentinels, app clients and the agent, narrated (needs redis-server; ends in under a minute)")
    .option('--cluster', 'a Redis Cluster failover instead: six cluster nodes, CLUSTER FAILOVER, and a reaper on every replica')
    .addHelpText('after', '\nExit: 0 done; 69 no redis-server on this machine (it says how to install one); 75 a server or client was not ready in time (a very busy machine: try again); 130 interrupted (everything is still cleaned up).')
    .action(async (opts: { cluster?: boolean }) => {
      const bin = findRedisServer(process.env);
      const narrator = createNarrator((text) => process.stdout.write(text));
      const demo = opts.cluster ? new ClusterDemo(bin, narrator) : new Demo(bin, narrator);
      const interrupted = (signal: NodeJS.Signals): void => {
        narrator.say(`${signal}: stopping everything and removing the temp dir`);
        void demo.stop().finally(() => process.exit(130));
      };
      process.once('SIGINT', interrupted);
      process.once('SIGTERM', interrupted);
      try {
        const r = await demo.run();
        narrator.say(`done: the agent's policies closed ${r.policyKills} stale connection(s) on the old ${opts.cluster ? 'primary' : 'master'}, the reaper ${r.reaperKills} idle one(s)`);
      } finally {
        await demo.stop();
      }
      process.exit(0);
    });
