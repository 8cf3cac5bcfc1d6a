// The hook's deadline against a real server: a kill run still pacing its batches when the deadline passes counts as unreachable, so Sentinel retries it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/log/logger.js';
import { HOOK_EXIT, overallStatus } from '../../../src/hook/outcome.js';
import { runJobs } from '../../../src/hook/run-jobs.js';
import { startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

describe('hook deadline', () => {
  let server: ServerHandle;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(stopAll);

  it('reports a job that outlives the deadline as unreachable (exit 1), and one that finishes as done', async () => {
    for (const i of [1, 2, 3]) await server.client({ name: `slow-${i}` });
    const cfg = validateConfig(
      {
        targets: [{ url: `redis://${server.addr}` }],
        policies: [
          { name: 'quick', on: 'demoted', filter: 'TYPE normal NAME slow-1' },
          // two or more clients, one per batch, 20 s apart: the second batch comes after the deadline
          { name: 'slow', on: 'promoted', filter: 'TYPE normal NOT-NAME slow-1', batch: { size: 1, pauseMs: 20_000 } },
        ],
      },
      {},
    );
    const jobs = [
      { addr: server.addr, event: 'demoted' as const, change: 'test' },
      { addr: server.addr, event: 'promoted' as const, change: 'test' },
    ];
    const outcomes = await runJobs(jobs, cfg, createLogger('silent'), 1_500);
    expect(outcomes[0]).toMatchObject({ event: 'demoted', results: [{ killed: 1 }] });
    expect(outcomes[1]).toMatchObject({ event: 'promoted', results: [], error: { code: 'UNREACHABLE', message: `${server.addr}: not finished within 1500 ms` } });
    expect(HOOK_EXIT[overallStatus(outcomes)]).toBe(1);
  });
});
