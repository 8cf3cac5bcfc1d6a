// Kill runs have a connection and a queue of their own on each node: a ROLE poll that times out in the middle of
// a paced policy run (the server stopped for a moment) does not cut the run, and a busy event loop of our own
// (a 500 ms synchronous block, as parsing a long CLIENT LIST is) marks no healthy target down.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoleLine } from '../../../src/daemon/target/role-line.js';
import { startTestDaemon, stopTestDaemons } from '../../helpers/daemon.js';
import { startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';
import { FAST_SYNC } from '../../helpers/topology.js';

const closed = (clients: readonly Redis[]): number => clients.filter((c) => c.status === 'end').length;

/** Hold the event loop, as a long synchronous parse would. */
const blockLoop = (ms: number): void => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};

/**
 * Block the loop for `ms` right after the next ROLE is written (before any reply can be read), so
 * the block lands while a poll is in flight: the server answers during it, and only our loop is late.
 */
const blockAfterNextRole = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    const ask = RoleLine.prototype.ask;
    RoleLine.prototype.ask = function (this: RoleLine, ...args: Parameters<RoleLine['ask']>) {
      RoleLine.prototype.ask = ask;
      ask.apply(this, args);
      queueMicrotask(() => {
        blockLoop(ms);
        resolve();
      });
    };
  });

describe('kill lanes', () => {
  afterAll(async () => {
    await stopTestDaemons();
    await stopAll();
  });

  describe('a ROLE timeout during a kill run', () => {
    let node: ServerHandle;
    let upstream: ServerHandle;
    beforeAll(async () => {
      node = await startServer(FAST_SYNC);
      upstream = await startServer(FAST_SYNC);
    });
    afterAll(() => void node.process.kill('SIGCONT'));

    it('does not cut the run: every matching client dies and the audit says so', async () => {
      const d = await startTestDaemon({
        targets: [{ name: 'node', url: `redis://${node.addr}` }],
        watch: { pollIntervalMs: 100, timeoutMs: 300 },
        // Long pauses: the server is stopped while the run waits between two kills.
        policies: [{ name: 'paced', on: 'demoted', filter: 'TYPE normal NAME app', batch: { size: 1, pauseMs: 2500 } }],
      });
      const apps = await Promise.all([0, 1, 2].map(() => node.client({ name: 'app' })));
      await (await node.client()).call('REPLICAOF', '127.0.0.1', String(upstream.port));
      await waitFor(async () => closed(apps) === 1, 10_000, 'the first batch');
      const downBefore = d.seen['target-down'].length;
      node.process.kill('SIGSTOP');
      await waitFor(async () => d.seen['target-down'].length > downBefore, 5000, 'a ROLE poll to time out');
      node.process.kill('SIGCONT');
      await waitFor(async () => d.runs('node', 'paced').length === 1, 20_000, 'the run to finish');
      expect(d.runs('node', 'paced')[0]).toMatchObject({ matched: 3, killed: 3 });
      expect(d.runs('node', 'paced')[0]!.error).toBeUndefined();
      expect(closed(apps)).toBe(3);
      await d.stop();
    });
  });

  describe('a busy event loop', () => {
    let servers: ServerHandle[];
    beforeAll(async () => {
      servers = await Promise.all([0, 1, 2, 3, 4].map(() => startServer()));
    });

    it('marks no healthy target down after 500 ms blocks', async () => {
      const d = await startTestDaemon({
        targets: servers.map((s, i) => ({ name: `t${i}`, url: `redis://${s.addr}` })),
        // A ROLE deadline well under the block: each block outlasts every poll in flight.
        watch: { pollIntervalMs: 50, timeoutMs: 200 },
      });
      await waitFor(async () => d.handle.status().targets.every((t) => t.up), 10_000, 'every target up');
      const polledAt = () => d.handle.status().targets.map((t) => t.lastPollAt);
      for (let i = 0; i < 5; i++) await blockAfterNextRole(500);
      const before = polledAt();
      await waitFor(async () => polledAt().every((p, j) => p !== before[j]), 10_000, 'a poll of every target after the blocks');
      expect(d.seen['target-down']).toEqual([]);
      expect(d.handle.status().targets.every((t) => t.up)).toBe(true);
      expect(await d.handle.metrics()).toMatch(/^reconf_agent_nodejs_eventloop_lag_max_seconds \S+$/m);
      await d.stop();
    });
  });
});
