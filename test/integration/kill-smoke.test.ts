// Smoke test of the one-shot kill against a real server: the right clients die, a replica's link survives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startReplica, startServer, stopAll, type ServerHandle } from '../helpers/servers.js';

describe('kill (smoke)', () => {
  let master: ServerHandle;
  beforeAll(async () => {
    master = await startServer();
    await startReplica(master);
  });
  afterAll(stopAll);

  it('kills normal clients of USER default but not the replica link', async () => {
    const apps = await Promise.all([1, 2, 3].map((i) => master.client({ name: `app-${i}` })));
    const res = await runCli(['kill', master.addr, 'USER', 'default']);
    expect(res.stderr).toContain('"killed":3');
    expect(res.code).toBe(0);
    for (const a of apps) expect(a.status).not.toBe('ready');
    const info = await (await master.client()).info('replication');
    expect(info).toMatch(/connected_slaves:1/);
  });
});
