// A real SENTINEL FAILOVER with three Sentinels whose client-reconfig-script runs the built hook: the old master's app clients are gone when it ends, each killed once.
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../helpers/cli.js';
import { configDir, startPrimaryReplica } from '../../helpers/agent-setup.js';
import { connectApps, connectedAs } from '../../helpers/app-clients.js';
import { startSentinel, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';

const PASSWORD = 'agent-secret-2';
const MASTER = 'shipmaster';

describe('Sentinel client-reconfig-script', () => {
  let master: ServerHandle;
  let sentinels: ServerHandle[];
  const files = configDir();
  const log = `${files.dir}/hook.log`;
  const hookLog = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');

  beforeAll(async () => {
    ({ master } = await startPrimaryReplica(PASSWORD, ['app']));
    const cfg = files.write('config.yaml', {
      sentinels: [{ url: 'redis://127.0.0.1:1' }],
      masters: [MASTER],
      auth: files.agentAuth(PASSWORD),
      policies: [
        { name: 'app-off-old-master', on: 'demoted', filter: 'TYPE normal USER app' },
        { name: 'app-subscribers-off-old-master', on: 'demoted', filter: 'TYPE pubsub USER app' },
      ],
    });
    // Sentinel runs a script path with the seven arguments; the wrapper adds the config and keeps the output.
    const wrapper = files.write(
      'reconfig.sh',
      ['#!/bin/sh', `"${process.execPath}" "${CLI}" hook "$@" -c "${cfg}" >>"${log}" 2>&1`, 'rc=$?', `echo "hook $2 exit=$rc" >>"${log}"`, 'exit $rc', ''].join('\n'),
    );
    chmodSync(wrapper, 0o755);
    sentinels = [];
    for (let i = 0; i < 3; i++) sentinels.push(await startSentinel(MASTER, master, { extraConf: [`sentinel client-reconfig-script ${MASTER} ${wrapper}`] }));
    for (const s of sentinels) {
      const c = await s.client();
      await waitFor(async () => ((await c.call('SENTINEL', 'REPLICAS', MASTER)) as unknown[]).length === 1, 20_000, 'sentinel to find the replica');
      await waitFor(async () => ((await c.call('SENTINEL', 'SENTINELS', MASTER)) as unknown[]).length === 2, 20_000, 'sentinels to find each other');
    }
  });
  afterAll(async () => {
    await stopAll();
    files.cleanup();
  });

  it("closes the old master's app clients by the end of the failover, once each", async () => {
    await connectApps(master, 'app', 3);
    await connectApps(master, 'app', 2, 'orders');
    // +failover-end is published by the leader only: the Sentinel asked to fail over.
    const leader = sentinels[0]!;
    const events = await leader.client();
    const ended = new Promise<void>((resolve) => events.on('message', (channel: string) => channel === '+failover-end' && resolve()));
    await events.subscribe('+failover-end');

    expect(await (await leader.client()).call('SENTINEL', 'FAILOVER', MASTER)).toBe('OK');
    await ended;
    // Sentinel runs the leader's script at +switch-master, just after +failover-end (seconds later on a
    // loaded machine: the hook is a node process). Its own kill on the old master comes only with
    // +convert-to-slave, about 10 s later, and counts in no hook line: the hook's log says who killed.
    await waitFor(() => /hook leader exit=/.test(hookLog()), 20_000, 'the leader hook to finish');
    expect(await connectedAs(master, 'app')).toBe(0);
    // Every Sentinel runs the script once; the first run kills, the others find nothing left.
    await waitFor(async () => (hookLog().match(/exit=\d+/g) ?? []).length === 3, 30_000, 'three hook runs');
    const out = hookLog();
    expect(out.match(/exit=\d+/g)).toEqual(['exit=0', 'exit=0', 'exit=0']);
    expect(out).toMatch(/hook leader exit=0/);
    const killed = (policy: string) => [...out.matchAll(new RegExp(`policy ${policy}: killed (\\d+)`, 'g'))].map((m) => Number(m[1]));
    expect(killed('app-off-old-master').reduce((a, b) => a + b, 0)).toBe(3);
    expect(killed('app-subscribers-off-old-master').reduce((a, b) => a + b, 0)).toBe(2);
    expect(out).toContain(`demoted ${master.addr}: policy app-off-old-master: killed 3`);
  });
});
