// A 15,000-client kill by id on a real server, through the built CLI (--max-kills) and through runPolicies with
// batches: both list, evaluate and kill by id whatever the plan (IDLE is native on Valkey 9, emulated elsewhere).
// Every client dies, the run exits 0 and its one audit line says killed 15000 (no timing assertions: the
// server's cost per kill-by-id grows with the client count, and the run must simply wait it out).
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { openSession } from '../../../src/runner/session.js';
import { runPolicies } from '../../../src/runner/run-policies.js';
import { parseTarget } from '../../../src/target/target.js';
import { captureLog } from '../../helpers/capture-log.js';
import { runCli } from '../../helpers/cli.js';
import { crowdServerArgs, isCrowd, openCrowd, type Crowd } from '../../helpers/crowd.js';
import { clientList } from '../../helpers/population.js';
import { expectedPlan, probeTestServer } from '../../helpers/server-caps.js';
import { startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

const CLIENTS = 15_000;

describe(`a kill by id of ${CLIENTS} idle clients`, () => {
  let server: ServerHandle;
  let crowd: Crowd | undefined;
  const normalClients = async () => (await clientList(server.port)).filter(isCrowd).length;

  beforeAll(async () => {
    server = await startServer(crowdServerArgs(CLIENTS));
  });
  afterEach(() => crowd?.destroy());
  afterAll(stopAll);

  const gather = async (): Promise<Crowd> => {
    crowd = await openCrowd(server.port, CLIENTS);
    await sleep(1500); // every client idle for at least a second
    expect(await normalClients()).toBe(CLIENTS);
    return crowd;
  };

  it('through the CLI (--max-kills forces list-and-kill-by-id): all die, exit 0, audit killed 15000', async () => {
    const c = await gather();
    const res = await runCli(['kill', server.addr, 'TYPE', 'normal', 'IDLE', '1', '--max-kills', String(CLIENTS), '--json'], { timeoutMs: 300_000 });
    expect(res.stderr).not.toMatch(/reconf-agent: /);
    expect(res.code).toBe(0);
    const audit = res.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit).toEqual([expect.objectContaining({ audit: true, matched: CLIENTS, killed: CLIENTS, plan: expect.any(String) })]);
    expect(audit[0]!.error).toBeUndefined();
    expect(JSON.parse(res.stdout)).toMatchObject({ matched: CLIENTS, killed: CLIENTS });
    await c.waitClosed(CLIENTS);
    expect(await normalClients()).toBe(0);
  }, 600_000);

  it('through runPolicies with batches: all die and one audit line says killed 15000', async () => {
    const c = await gather();
    const cfg = validateConfig(
      {
        targets: [{ name: 'cache', url: `redis://${server.addr}` }],
        policies: [{ name: 'reap', on: 'demoted', filter: 'TYPE normal IDLE 1', batch: { size: 4000, pauseMs: 50 } }],
      },
      {},
    );
    const plan = expectedPlan(await probeTestServer(server.port), 'IDLE');
    const session = await openSession(parseTarget(server.addr), cfg, { label: 'cache' });
    try {
      const { log, audits } = captureLog();
      const [result] = await runPolicies(session, cfg, { event: 'demoted', kind: 'policy' }, log);
      expect(result).toMatchObject({ plan, matched: CLIENTS, killed: CLIENTS, refused: false });
      expect(result!.error).toBeUndefined();
      expect(result!.killMs).toBeGreaterThan(0);
      expect(audits()).toEqual([expect.objectContaining({ matched: CLIENTS, killed: CLIENTS, plan })]);
    } finally {
      session.close();
    }
    await c.waitClosed(CLIENTS);
    expect(await normalClients()).toBe(0);
  }, 600_000);
});
