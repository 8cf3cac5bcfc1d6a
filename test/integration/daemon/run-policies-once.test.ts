// runPoliciesOnce, the entry point for one-shot callers (the failover hook): runs the event's policies on one
// address with the config's auth, and reports an unreachable target or a bad address instead of throwing.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { runPoliciesOnce } from '../../../src/runner/run-policies.js';
import { freePort, startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';

const logger = pino({ level: 'silent' });

describe('runPoliciesOnce', () => {
  let server: ServerHandle;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(stopAll);

  const cfgFor = (addr: string) =>
    validateConfig(
      {
        targets: [{ name: 'cache', url: `redis://${addr}` }],
        policies: [
          { name: 'writers', on: 'demoted', filter: 'TYPE normal NAME app' },
          { name: 'readers', on: 'demoted', filter: 'TYPE normal NAME reader' },
          { name: 'unused', on: 'promoted', filter: 'TYPE normal' },
        ],
      },
      {},
    );

  it("runs the event's policies in config order under the configured name", async () => {
    const apps = await Promise.all([1, 2].map(() => server.client({ name: 'app' })));
    const reader = await server.client({ name: 'reader' });
    const r = await runPoliciesOnce(cfgFor(server.addr), server.addr, 'demoted', { kind: 'hook', change: 'master -> replica of 10.0.0.9:6379' }, logger);
    expect(r).toMatchObject({ target: 'cache', event: 'demoted' });
    expect(r.error).toBeUndefined();
    expect(r.results.map((x) => [x.trigger.name, x.trigger.kind, x.killed])).toEqual([
      ['writers', 'hook', 2],
      ['readers', 'hook', 1],
    ]);
    for (const c of [...apps, reader]) await waitFor(async () => c.status === 'end', 5000, 'client closed');
  });

  it('reports an unreachable target and a bad address, and connects nowhere when no policy is for the event', async () => {
    const gone = `127.0.0.1:${await freePort()}`;
    const down = await runPoliciesOnce(cfgFor(server.addr), gone, 'demoted', {}, logger);
    expect(down).toMatchObject({ target: gone, results: [], error: { code: 'UNREACHABLE' } });
    const bad = await runPoliciesOnce(cfgFor(server.addr), 'not a target', 'demoted', {}, logger);
    expect(bad.error?.code).toBe('BAD_ARGUMENT');
    expect(await runPoliciesOnce(cfgFor(server.addr), gone, 'master-changed', {}, logger)).toEqual({ target: gone, event: 'master-changed', results: [] });
  });
});
