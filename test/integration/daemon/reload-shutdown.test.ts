// `reconf-agent run` under operator signals while a paced policy run is going: a SIGHUP that changes
// watch.timeoutMs lets the run finish (every stale client dies, one audit line says so), and a SIGTERM ends it
// with an audit line whose count is the number of clients really closed, then exits 0.
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { killDaemons, spawnDaemon, tempConfigDir } from '../../helpers/daemon.js';
import { startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';
import { FAST_SYNC } from '../../helpers/topology.js';

const closed = (clients: readonly Redis[]): number => clients.filter((c) => c.status === 'end').length;

describe('signals during a paced policy run', () => {
  let node: ServerHandle;
  let upstream: ServerHandle;
  const files = tempConfigDir();
  const doc = (timeoutMs: number, pauseMs: number) => ({
    targets: [{ name: 'node', url: `redis://${node.addr}` }],
    watch: { pollIntervalMs: 100, timeoutMs },
    policies: [{ name: 'paced', on: 'demoted', filter: 'TYPE normal NAME app', batch: { size: 1, pauseMs } }],
    admin: { listen: '' },
  });
  beforeEach(async () => {
    node = await startServer(FAST_SYNC);
    upstream = await startServer(FAST_SYNC);
  });
  afterEach(async () => {
    await killDaemons();
    await stopAll();
  });
  afterAll(() => files.cleanup());

  it('SIGHUP with a new watch.timeoutMs: the run goes on and every stale client is killed', async () => {
    const path = files.write('hup.yaml', doc(1000, 700));
    const agent = spawnDaemon(path);
    await agent.waitForLog((l) => l.msg === 'ready: every target polled', 'ready');
    const apps = await Promise.all([0, 1, 2, 3].map(() => node.client({ name: 'app' })));
    await (await node.client()).call('REPLICAOF', '127.0.0.1', String(upstream.port));
    await waitFor(async () => closed(apps) >= 1, 10_000, 'the first batch');
    files.write('hup.yaml', doc(1500, 700));
    agent.child.kill('SIGHUP');
    await agent.waitForLog((l) => l.msg === 'config reloaded', 'the reload');
    const audit = await agent.waitForLog((l) => l.audit === true, 'the audit line', 20_000);
    expect(audit).toMatchObject({ target: 'node', trigger: { name: 'paced' }, matched: 4, killed: 4 });
    expect(audit.error).toBeUndefined();
    await waitFor(async () => closed(apps) === 4, 5000, 'every stale client to close');
    expect(agent.lines.filter((l) => l.audit === true)).toHaveLength(1);
  });

  it('SIGTERM: the audit line counts exactly the clients that were closed, and the exit is clean', async () => {
    const path = files.write('term.yaml', doc(1000, 1500));
    const agent = spawnDaemon(path);
    await agent.waitForLog((l) => l.msg === 'ready: every target polled', 'ready');
    const apps = await Promise.all([0, 1, 2, 3, 4].map(() => node.client({ name: 'app' })));
    await (await node.client()).call('REPLICAOF', '127.0.0.1', String(upstream.port));
    await waitFor(async () => closed(apps) >= 1, 10_000, 'the first batch');
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    const audits = agent.lines.filter((l) => l.audit === true);
    expect(audits).toHaveLength(1);
    // Let the server's closes reach the clients, then count them.
    const listed = async () => String(await (await node.client()).call('CLIENT', 'LIST')).split('\n').filter((l) => / name=app /.test(l)).length;
    await waitFor(async () => (await listed()) === apps.length - closed(apps), 5000, 'the clients to see their closes');
    // The pauses (1.5 s each) are aborted: the run ends after the batches already sent, and says so.
    expect(audits[0]).toMatchObject({ target: 'node', trigger: { name: 'paced' }, matched: 5, error: { code: 'ABORTED' } });
    expect(audits[0]!.killed).toBe(closed(apps));
    expect(closed(apps)).toBeLessThan(5);
    expect(agent.lines.at(-1)).toMatchObject({ msg: 'stopped', drained: true });
  });
});
