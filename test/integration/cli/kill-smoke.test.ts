// Smoke test of the one-shot kill against a real server: the right clients die, a replica's link survives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { clientList, gone, labels, track } from '../../helpers/population.js';
import { startReplica, startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

describe('kill (smoke)', () => {
  let master: ServerHandle;
  beforeAll(async () => {
    master = await startServer(['--repl-diskless-sync-delay', '0']);
    await startReplica(master);
  });
  afterAll(stopAll);

  it('kills normal clients of USER default but not the replica link', async () => {
    const apps = await Promise.all([1, 2, 3].map((i) => track(master.port, `app-${i}`, { name: `app-${i}` })));
    const link = (await clientList(master.port)).find((c) => c.flags === 'S')!;
    const res = await runCli(['kill', master.addr, 'USER', 'default']);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('"killed":3');
    expect(await gone(master.port, apps)).toEqual(labels(apps));
    expect((await clientList(master.port)).map((c) => c.id)).toContain(link.id);
  });
});
