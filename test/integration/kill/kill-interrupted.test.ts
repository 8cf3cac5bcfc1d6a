// Interrupted and exact kill runs on a real server: an abort during a paced run, a connection dropped mid-run,
// and onlyBeforeChange's watermark. Each run leaves one audit line whose counts match what CLIENT LIST shows.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import type { AgentConfig } from '../../../src/config/types.js';
import { runKill, type KillSpec } from '../../../src/kill/kill-run.js';
import { compareIds } from '../../../src/kill/filter/client-id.js';
import { compile } from '../../../src/kill/plan/compile.js';
import { parseFilter } from '../../../src/kill/filter/parse.js';
import { openSession } from '../../../src/runner/session.js';
import { takeWatermark } from '../../../src/runner/watermark.js';
import { parseTarget } from '../../../src/target/target.js';
import { captureLog } from '../../helpers/capture-log.js';
import { crowdServerArgs, isCrowd, openCrowd, type Crowd } from '../../helpers/crowd.js';
import { clientList } from '../../helpers/population.js';
import { startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';

const CROWD = 600;

describe('interrupted and exact kill runs', () => {
  let server: ServerHandle;
  /** Runs that must not fail on their own: a loaded machine can keep the server silent for a few hundred ms. */
  let cfg: AgentConfig;
  /** For the watermark under CLIENT PAUSE, which must outlast this timeout. */
  let shortCfg: AgentConfig;
  const crowds: Crowd[] = [];
  const gather = async (n: number): Promise<Crowd> => {
    const c = await openCrowd(server.port, n);
    crowds.push(c);
    return c;
  };
  const crowdLeft = async () => (await clientList(server.port)).filter(isCrowd);
  const spec = (over: Partial<KillSpec> = {}): KillSpec => ({ filter: parseFilter('TYPE normal'), allowReplication: false, dryRun: false, ...over });
  /** One command on a short-lived connection, so no test connection is left for a later run to match. */
  const once = async (...args: string[]) => {
    const c = await server.client();
    await c.call('CLIENT', ...args);
    await c.quit();
  };
  const session = () => openSession(parseTarget(server.addr), cfg, { label: 'cache' });
  /** Wait until `n` of the crowd are closed, failing at once (not at the test's timeout) if the run ends first. */
  const killedAtLeast = async (crowd: Crowd, n: number, run: Promise<{ error?: unknown }>): Promise<void> => {
    const ended = await Promise.race([crowd.waitClosed(n).then(() => undefined), run]);
    expect(ended, `the run ended before it closed ${n} clients`).toBeUndefined();
  };
  /** The plan the audit names: the compiled one (a batch still kills by id, whatever the plan). */
  const compiled = (s: { probe: { caps: Parameters<typeof compile>[1] } }) => compile(spec().filter, s.probe.caps).mode;

  beforeAll(async () => {
    server = await startServer(crowdServerArgs(CROWD * 2));
    const config = (timeoutMs: number) => validateConfig({ targets: [{ name: 'cache', url: `redis://${server.addr}` }], watch: { timeoutMs } }, {});
    cfg = config(5000);
    shortCfg = config(300);
  });
  afterEach(() => {
    for (const c of crowds.splice(0)) c.destroy();
  });
  afterAll(stopAll);

  it('an abort during a batch pause ends the run at once; the audit counts exactly the clients closed', async () => {
    const crowd = await gather(CROWD);
    const s = await session();
    const { log, audits } = captureLog();
    const ac = new AbortController();
    try {
      // A pause far longer than the test's timeout: only the abort can end it.
      const run = runKill(s, spec({ batch: { size: 100, pauseMs: 600_000 } }), { kind: 'policy', name: 'reap' }, log, { signal: ac.signal });
      await killedAtLeast(crowd, 100, run);
      ac.abort('agent stopping (SIGTERM)');
      const result = await run;
      const closed = CROWD - (await crowdLeft()).length;
      expect(result).toMatchObject({ plan: compiled(s), matched: CROWD, killed: closed, error: { code: 'ABORTED', message: 'agent stopping (SIGTERM)' } });
      expect(closed).toBeLessThan(CROWD);
      expect(audits()).toEqual([expect.objectContaining({ plan: compiled(s), matched: CROWD, killed: closed, error: { code: 'ABORTED', message: 'agent stopping (SIGTERM)' } })]);
    } finally {
      s.close();
    }
  });

  it('a connection dropped mid-run: the audit keeps killed-so-far, matched and the plan, with the error', async () => {
    const crowd = await gather(CROWD);
    const s = await session();
    const { log, audits } = captureLog();
    try {
      const run = runKill(s, spec({ batch: { size: 100, pauseMs: 1000 } }), { kind: 'policy', name: 'reap' }, log);
      await killedAtLeast(crowd, 100, run);
      // Opened after the run listed its clients, so the run never targets it.
      await once('KILL', 'ID', s.probe.selfId);
      const result = await run;
      const closed = CROWD - (await crowdLeft()).length;
      expect(closed).toBeGreaterThanOrEqual(100);
      expect(closed).toBeLessThan(CROWD);
      expect(result).toMatchObject({ plan: compiled(s), matched: CROWD, killed: closed, error: { code: 'UNREACHABLE' } });
      expect(audits()).toEqual([expect.objectContaining({ plan: compiled(s), matched: CROWD, killed: closed, error: expect.objectContaining({ code: 'UNREACHABLE' }) })]);
    } finally {
      s.close();
    }
  });

  it('beforeId: clients from before the watermark die, later ones survive, also when the watermark is taken under CLIENT PAUSE', async () => {
    const s = await session();
    const before = await gather(50);
    // The pause outlasts watch.timeoutMs (300 ms): the watermark must wait it out, not fail.
    const pauser = await server.client();
    const pauserId = String(await pauser.call('CLIENT', 'ID'));
    await pauser.call('CLIENT', 'PAUSE', '1500', 'ALL');
    pauser.disconnect(); // no QUIT: it would wait out the pause
    const paused = Date.now();
    const watermark = await takeWatermark(parseTarget(server.addr), shortCfg);
    expect(Date.now() - paused).toBeGreaterThan(shortCfg.watch.timeoutMs); // the replies waited for the pause to end
    // The pauser connected before the watermark too; a server may free it only some time after the
    // pause ends (Valkey 8.1 has listed it for the run to kill): the run must see the crowd alone.
    await waitFor(async () => !(await clientList(server.port)).some((c) => c.id === pauserId), 5000, 'the pausing connection gone');
    const after = await gather(50);
    const { log, audits } = captureLog();
    try {
      const result = await runKill(s, spec({ beforeId: watermark }), { kind: 'policy', name: 'only-before' }, log);
      expect(result).toMatchObject({ plan: 'emulated', matched: 50, killed: 50 });
      expect(result.error).toBeUndefined();
      await before.waitClosed(50);
      const left = await crowdLeft();
      expect(left).toHaveLength(50);
      expect(left.every((c) => compareIds(c.id, watermark) > 0)).toBe(true);
      expect(after.closed()).toBe(0);
      expect(audits()).toHaveLength(1);
    } finally {
      s.close();
    }
  });
});
