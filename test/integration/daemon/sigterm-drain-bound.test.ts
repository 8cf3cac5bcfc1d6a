// `reconf-agent run` stopped by SIGTERM while a kill chunk is still being answered, by a server that answers
// slowly but steadily (a proxy lets its kill replies through one every 700 ms, so no idle deadline fires). An
// aborted run finishes the chunk in flight; when that chunk outlives the drain bound the daemon closes
// anyway and exits 75, and the run still writes its one audit line, counting the kills the server confirmed.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { drainMs } from '../../../src/daemon/target/target-set.js';
import { FIRST_CHUNK_IDS } from '../../../src/kill/execute/pacing.js';
import { killDaemons, spawnDaemon, tempConfigDir } from '../../helpers/daemon.js';
import { expectedPlan, probeTestServer } from '../../helpers/server-caps.js';
import { startServer, stopAll, waitFor } from '../../helpers/servers.js';
import { FAST_SYNC } from '../../helpers/topology.js';

interface SlowProxy {
  readonly port: number;
  /** Kill replies received from the server, and let through to the agent. */
  readonly held: () => number;
  readonly released: () => number;
  close(): Promise<void>;
}

/**
 * A TCP proxy to 127.0.0.1:`port` that passes everything through, except on a connection that has sent a
 * CLIENT KILL: from then on the server's replies reach the client one line (one integer reply) every `gapMs`.
 */
const slowKillProxy = async (port: number, gapMs: number): Promise<SlowProxy> => {
  let held = 0;
  let released = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port });
    sockets.add(client).add(upstream);
    let slow = false;
    let pending = '';
    let timer: NodeJS.Timeout | undefined;
    const drip = (): void => {
      if (timer || !pending) return;
      timer = setTimeout(() => {
        timer = undefined;
        const end = pending.indexOf('\r\n') + 2;
        client.write(Buffer.from(pending.slice(0, end), 'latin1'));
        pending = pending.slice(end);
        released++;
        drip();
      }, gapMs);
    };
    client.on('data', (d: Buffer) => {
      if (d.includes('KILL')) slow = true;
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      if (!slow) return void client.write(d);
      const text = d.toString('latin1');
      held += text.split('\r\n').length - 1;
      pending += text;
      drip();
    });
    const end = (): void => {
      clearTimeout(timer);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) s.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    held: () => held,
    released: () => released,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
};

const GAP_MS = 700;
const TIMEOUT_MS = 1000;

describe('SIGTERM while a kill chunk outlives the drain bound', () => {
  const files = tempConfigDir();
  let proxy: SlowProxy | undefined;
  afterEach(async () => {
    await killDaemons();
    await proxy?.close();
    await stopAll();
  });
  afterAll(() => files.cleanup());

  it('exits 75 after the drain bound, and the run writes its one audit line with the kills confirmed so far', async () => {
    const node = await startServer(FAST_SYNC);
    const upstream = await startServer(FAST_SYNC);
    const probe = await probeTestServer(node.port);
    const { caps } = probe;
    proxy = await slowKillProxy(node.port, GAP_MS);
    const path = files.write('term.yaml', {
      targets: [{ name: 'node', url: `redis://127.0.0.1:${proxy.port}` }],
      watch: { pollIntervalMs: 100, timeoutMs: TIMEOUT_MS },
      // A cap makes the run list, count and kill by id, in chunks (whatever the plan).
      policies: [{ name: 'capped', on: 'demoted', filter: 'TYPE normal NAME app', maxKills: 100 }],
      admin: { listen: '' },
    });
    const agent = spawnDaemon(path);
    await agent.waitForLog((l) => l.msg === 'ready: every target polled', 'ready');
    const apps: Redis[] = await Promise.all(Array.from({ length: FIRST_CHUNK_IDS }, () => node.client({ name: 'app' })));
    await (await node.client()).call('REPLICAOF', '127.0.0.1', String(upstream.port));
    // The first chunk holds every app (FIRST_CHUNK_IDS of them): one command per id, or one for all where the
    // server takes several ids in one kill. Its replies are with the proxy: stop now.
    const commands = caps.multiId ? 1 : FIRST_CHUNK_IDS;
    await waitFor(async () => proxy!.held() === commands, 10_000, 'the kill replies to reach the proxy');
    const bound = drainMs(TIMEOUT_MS);
    const outlives = commands * GAP_MS > bound;
    const termAt = Date.now();
    agent.child.kill('SIGTERM');
    const code = await agent.exited;
    const audits = agent.lines.filter((l) => l.audit === true);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ target: 'node', trigger: { name: 'capped' }, plan: expectedPlan(probe, 'NAME'), matched: FIRST_CHUNK_IDS });
    // The server closed them all at once; the slow replies are all the agent could know of.
    await waitFor(async () => apps.every((c) => c.status === 'end'), 5000, 'every app to see its close');
    if (outlives) {
      expect(code).toBe(75);
      expect(Date.now() - termAt).toBeGreaterThanOrEqual(bound);
      expect(agent.lines.some((l) => l.msg === 'runs still going after the drain bound: closing anyway')).toBe(true);
      expect(agent.lines.at(-1)).toMatchObject({ msg: 'stopped', drained: false });
      // Cut off by the close: it counts the replies that had reached it (one may have been on the wire).
      expect(audits[0]!.error).toBeDefined();
      expect(audits[0]!.killed).toBeLessThanOrEqual(proxy.released());
      expect(audits[0]!.killed).toBeGreaterThanOrEqual(Math.max(0, proxy.released() - 1));
      expect(audits[0]!.killed).toBeLessThan(FIRST_CHUNK_IDS);
    } else {
      // One reply kills the whole chunk: it comes within the idle deadline, so the run ends inside the bound.
      expect(code).toBe(0);
      expect(audits[0]).toMatchObject({ killed: FIRST_CHUNK_IDS });
      expect(agent.lines.at(-1)).toMatchObject({ msg: 'stopped', drained: true });
    }
  }, 40_000);
});
