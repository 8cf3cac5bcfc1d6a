// Misbehaving targets: a flapping one is held (no policy runs) until stable; a hung one (SIGSTOP) delays no
// other target's policy run; one restarted on its port (new run_id) is picked up again and watched as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, stopTestDaemons, type TestDaemon } from '../../helpers/daemon.js';
import { startReplica, startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';
import { FAST_SYNC, restartOnSamePort, stopRestarted } from '../../helpers/topology.js';

const replicaOf = async (s: ServerHandle, master: ServerHandle | undefined): Promise<void> => {
  await (await s.client()).call('REPLICAOF', ...(master ? ['127.0.0.1', String(master.port)] : ['NO', 'ONE']));
};

describe('targets that misbehave', () => {
  let main: ServerHandle;
  let flappy: ServerHandle;
  let hung: ServerHandle;
  let other: ServerHandle;
  let d: TestDaemon;
  beforeAll(async () => {
    main = await startServer(FAST_SYNC);
    flappy = await startReplica(main, FAST_SYNC);
    hung = await startServer();
    other = await startServer();
    d = await startTestDaemon({
      targets: [
        { name: 'main', url: `redis://${main.addr}` },
        { name: 'flappy', url: `redis://${flappy.addr}` },
        { name: 'hung', url: `redis://${hung.addr}` },
        { name: 'other', url: `redis://${other.addr}` },
      ],
      watch: { pollIntervalMs: 100, timeoutMs: 500, flapMaxChanges: 2, flapWindowMs: 2500 },
      policies: [
        { name: 'on-promote', on: 'promoted', filter: 'TYPE normal NAME app' },
        { name: 'on-demote', on: 'demoted', filter: 'TYPE normal NAME app' },
      ],
    });
  });
  afterAll(async () => {
    hung.process.kill('SIGCONT');
    await stopTestDaemons();
    await stopRestarted();
    await stopAll();
  });

  it('holds a flapping target: its third change in the window runs nothing, until it is stable again', async () => {
    const changes = () => d.seen['role-change'].filter((e) => e.target === 'flappy').length;
    const flip = async (master: ServerHandle | undefined, n: number) => {
      await replicaOf(flappy, master);
      await waitFor(async () => changes() === n, 10_000, `flappy change ${n}`);
    };
    await flip(undefined, 1); // promoted: runs
    await flip(main, 2); // demoted: runs
    await flip(undefined, 3); // promoted again: more than 2 changes in 2.5 s, held
    expect(d.seen.held).toEqual([{ target: 'flappy' }]);
    expect(d.runs('flappy').map((r) => r.trigger.name)).toEqual(['on-promote', 'on-demote']);
    expect(d.handle.status().targets.find((t) => t.name === 'flappy')).toMatchObject({ held: true, lastChange: { event: 'promoted', handled: 'held' } });
    expect(await d.handle.metrics()).toContain('reconf_agent_flap_holds_total{target="flappy"} 1');

    await waitFor(async () => d.seen.released.length === 1, 10_000, 'the hold to be released after a stable window');
    await flip(main, 4); // stable again: runs
    await waitFor(async () => d.runs('flappy').length === 3, 5000, 'a policy run after the release');
    expect(d.runs('flappy')[2]!.trigger.name).toBe('on-demote');
  });

  it('a hung target does not delay another target\'s policy run', async () => {
    hung.process.kill('SIGSTOP');
    await waitFor(async () => d.seen['target-down'].some((e) => e.target === 'hung'), 10_000, 'the hung target to be seen down');
    await (await other.client({ name: 'app' })).ping();
    await replicaOf(other, main); // other: master -> replica of main
    await waitFor(async () => d.runs('other', 'on-demote').length === 1, 10_000, "other's demoted policy");
    expect(d.runs('other', 'on-demote')[0]).toMatchObject({ killed: 1 });
    expect(hung.process.signalCode).toBeNull(); // still stopped, not dead
    expect(d.handle.status().targets.find((t) => t.name === 'hung')).toMatchObject({ up: false, state: 'down' });
    hung.process.kill('SIGCONT');
    await waitFor(async () => d.seen['target-up'].filter((e) => e.target === 'hung').length === 2, 15_000, 'the hung target to answer again');
    expect(d.handle.status().targets.find((t) => t.name === 'hung')).toMatchObject({ up: true, role: 'master' });
  });

  it('picks a restarted target up again: logged as a restart, not a role change', async () => {
    const changesBefore = d.seen['role-change'].filter((e) => e.target === 'hung').length;
    const fresh = await restartOnSamePort(hung);
    await waitFor(async () => d.seen.restarted.some((e) => e.target === 'hung'), 15_000, 'the restart to be seen');
    expect(d.seen['role-change'].filter((e) => e.target === 'hung')).toHaveLength(changesBefore);
    expect(d.logs.some((l) => l.target === 'hung' && String(l.msg).startsWith('target restarted'))).toBe(true);
    // watched as before: a role change on the new process runs the policies
    await (await fresh.client()).client('SETNAME', 'app');
    await (await fresh.client()).call('REPLICAOF', '127.0.0.1', String(main.port));
    await waitFor(async () => d.runs('hung', 'on-demote').length === 1, 10_000, 'the demoted policy on the restarted target');
  });
});
