// Which policies the hook runs where: demoted on the old master, promoted on the new one, TLS and credentials from the config, and the masters filter.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { parseHookArgs } from '../../../src/hook/hook-args.js';
import { endpointTarget, hookJobs, hookSkipReason } from '../../../src/hook/jobs.js';

const config = (extra: Record<string, unknown> = {}) =>
  validateConfig(
    {
      targets: [{ url: 'redis://10.0.0.5:6379' }],
      policies: [
        { name: 'app-off-old-master', on: 'demoted', filter: 'TYPE normal USER app' },
        { name: 'subs-off-old-master', on: 'demoted', filter: 'TYPE pubsub' },
        { name: 'readers-off-new-master', on: 'promoted', filter: 'TYPE normal USER reader' },
        { name: 'follow', on: 'master-changed', filter: 'TYPE normal USER reader' },
      ],
      ...extra,
    },
    {},
  );

const req = parseHookArgs(['mymaster', 'leader', 'start', '10.0.0.5', '6379', '10.0.0.6', '6380']);

describe('hookJobs', () => {
  it('runs demoted policies on from, promoted ones on to, in file order, and no master-changed ones', () => {
    const jobs = hookJobs(req, config());
    expect(jobs.map((j) => [j.event, j.target, j.policies.map((p) => p.name)])).toEqual([
      ['demoted', { kind: 'tcp', host: '10.0.0.5', port: 6379, tls: false }, ['app-off-old-master', 'subs-off-old-master']],
      ['promoted', { kind: 'tcp', host: '10.0.0.6', port: 6380, tls: false }, ['readers-off-new-master']],
    ]);
    expect(jobs[0]!.change).toBe("master -> replaced by 10.0.0.6:6380 (sentinel leader, master 'mymaster')");
  });

  it('leaves out a target no policy reacts to', () => {
    const cfg = config({ policies: [{ name: 'p', on: 'promoted', filter: 'TYPE normal USER reader' }] });
    expect(hookJobs(req, cfg).map((j) => j.event)).toEqual(['promoted']);
  });
});

describe('endpointTarget', () => {
  it('takes a configured target at the same address, with its TLS and URL credentials', () => {
    const cfg = config({ targets: [{ url: 'rediss://agent:pw@10.0.0.5:6379' }] });
    expect(endpointTarget({ host: '10.0.0.5', port: 6379 }, cfg)).toEqual({ kind: 'tcp', host: '10.0.0.5', port: 6379, tls: true, username: 'agent', password: 'pw' });
  });

  it.each([
    [{}, false],
    [{ tls: { ca: '/etc/ssl/ca.pem' } }, true],
  ])('an unknown address uses TLS when the config sets tls files: %j', (extra, tls) => {
    expect(endpointTarget({ host: '10.9.9.9', port: 6379 }, config(extra))).toEqual({ kind: 'tcp', host: '10.9.9.9', port: 6379, tls });
  });
});

describe('hookSkipReason', () => {
  it.each([
    [[], undefined],
    [['mymaster'], undefined],
    [['other', 'third'], "master 'mymaster' is not one of the config's masters (other, third): nothing to do"],
  ])('masters %j', (masters, reason) => {
    const cfg = config(masters.length ? { masters, sentinels: [{ url: 'redis://127.0.0.1:26379' }] } : {});
    expect(hookSkipReason(req, cfg)).toBe(reason);
  });
});
