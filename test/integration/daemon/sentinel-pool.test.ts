// Sentinel discovery keeps its connections and rotates like ioredis's SentinelIterator: the Sentinel that answered
// is asked first next time (a dead one listed first is skipped once another answered), and the daemon's discovery
// refreshes open no new connection to any Sentinel.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { SentinelPool } from '../../../src/daemon/sentinel/sentinel-pool.js';
import { parseClientList } from '../../../src/kill/filter/client-list.js';
import { AGENT_CONNECTION_NAME } from '../../../src/runner/session.js';
import { startTestDaemon, stopTestDaemons } from '../../helpers/daemon.js';
import { freePort, stopAll, waitFor } from '../../helpers/servers.js';
import { startSentinelGroup, type SentinelGroup } from '../../helpers/topology.js';

/**
 * The ids of the agent's connections to a Sentinel (by its client name). Not INFO's total_connections_received:
 * Sentinels also count their peers' reconnects, which a loaded machine causes.
 */
const agentConnections = async (admin: Redis): Promise<string[]> =>
  parseClientList(String(await admin.call('CLIENT', 'LIST')))
    .filter((c) => c.name === AGENT_CONNECTION_NAME)
    .map((c) => c.id)
    .sort();

describe('Sentinel pool', () => {
  let g: SentinelGroup;
  let deadUrl: string;
  beforeAll(async () => {
    g = await startSentinelGroup('pool', 1);
    deadUrl = `redis://127.0.0.1:${await freePort()}`; // nothing listens there
  });
  afterAll(async () => {
    await stopTestDaemons();
    await stopAll();
  });

  it('discovery refreshes reuse their connections: no Sentinel sees a new one', async () => {
    const d = await startTestDaemon({
      sentinels: [{ url: deadUrl }, ...g.sentinels.map((s) => ({ url: `redis://${s.addr}` }))],
      masters: ['pool'],
      watch: { pollIntervalMs: 200, timeoutMs: 1000, discoveryIntervalMs: 100 },
    });
    const admins = await Promise.all(g.sentinels.map((s) => s.client()));
    const before = await Promise.all(admins.map(agentConnections));
    expect(before.flat().length).toBeGreaterThan(0);
    const refreshes = () => d.logs.filter((l) => l.msg === 'sentinel discovery failed: keeping the current targets').length;
    // Ten discovery intervals go by.
    await new Promise((r) => setTimeout(r, 1000));
    const after = await Promise.all(admins.map(agentConnections));
    expect(after).toEqual(before);
    expect(refreshes()).toBe(0);
    expect(d.handle.status().targets.map((t) => t.addr).sort()).toEqual([g.master.addr, g.replicas[0]!.addr].sort());
    await d.stop();
  });

  it('asks the Sentinel that answered last first, and moves on from a dead one at once', async () => {
    const cfg = validateConfig({ sentinels: [{ url: deadUrl }, ...g.sentinels.map((s) => ({ url: `redis://${s.addr}` }))], masters: ['pool'], admin: { listen: '' } }, {});
    const [dead, s1, s2, s3] = cfg.sentinels.map((s) => s.name) as [string, string, string, string];
    const pool = new SentinelPool(cfg, { reconnect: true });
    try {
      const asked: string[] = [];
      const ask = async (redis: Redis, s: { name: string }) => {
        asked.push(s.name);
        return redis.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'pool');
      };
      expect(await pool.query(ask)).toHaveProperty('value');
      expect(asked).toEqual([s1]); // the dead one never had a connection to ask on

      expect(pool.names()).toEqual([s1, s2, s3, dead]);

      asked.length = 0;
      expect(await pool.query(ask)).toHaveProperty('value');
      expect(asked).toEqual([s1]);

      await g.sentinels[0]!.stop();
      await waitFor(async () => {
        asked.length = 0;
        return 'value' in (await pool.query(ask)) && asked.at(-1) === s2;
      }, 10_000, 'the second Sentinel to answer once the first is gone');
      expect(pool.names()).toEqual([s2, s3, dead, s1]);
    } finally {
      pool.close();
    }
  });
});
