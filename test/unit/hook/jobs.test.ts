// Which policies the hook runs where: demoted on the old master, promoted on the new one, TLS from the config, and the masters filter.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { parseHookArgs } from '../../../src/hook/hook-args.js';
import { hookAddress, hookJobs, hookSkipReason } from '../../../src/hook/jobs.js';

const config = (extra: Record<string, unknown> = {}) =>
  validateConfig(
    {
      targets: [{ url: 'redis://10.0.0.5:6379' }],
      policies: [
        { name: 'app-off-old-master', on: 'demoted', filter: 'TYPE normal USER app' },
        { name: 'readers-off-new-master', on: 'promoted', filter: 'TYPE normal USER reader' },
        { name: 'follow', on: 'master-changed', filter: 'TYPE normal USER reader' },
      ],
      ...extra,
    },
    {},
  );

const req = parseHookArgs(['mymaster', 'leader', 'start', '10.0.0.5', '6379', '10.0.0.6', '6380']);

describe('hookJobs', () => {
  it('runs demoted policies on from and promoted ones on to, never master-changed ones', () => {
    expect(hookJobs(req, config())).toEqual([
      { addr: '10.0.0.5:6379', event: 'demoted', change: "master -> replaced by 10.0.0.6:6380 (sentinel leader, master 'mymaster')" },
      { addr: '10.0.0.6:6380', event: 'promoted', change: "replica -> master, replacing 10.0.0.5:6379 (sentinel leader, master 'mymaster')" },
    ]);
  });

  it('leaves out a target no policy reacts to: it is not even connected to', () => {
    const cfg = config({ policies: [{ name: 'p', on: 'promoted', filter: 'TYPE normal USER reader' }] });
    expect(hookJobs(req, cfg).map((j) => j.event)).toEqual(['promoted']);
  });
});

describe('hookAddress', () => {
  it.each([
    ['no tls files: plain', {}, '10.9.9.9:6379', '10.9.9.9:6379'],
    ['tls files: TLS', { tls: { ca: '/etc/ssl/ca.pem' } }, '10.9.9.9:6379', 'rediss://10.9.9.9:6379'],
    ['a configured target keeps its own scheme and credentials', { tls: { ca: '/etc/ssl/ca.pem' } }, '10.0.0.5:6379', '10.0.0.5:6379'],
  ])('%s', (_, extra, addr, expected) => {
    expect(hookAddress(addr, config(extra))).toBe(expected);
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
