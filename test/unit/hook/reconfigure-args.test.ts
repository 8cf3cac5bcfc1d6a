// Table tests of the pure `reconfigure` flag check: target forms, the three events, and the exit-64 errors.
import { describe, expect, it } from 'vitest';
import { EXIT, UsageError } from '../../../src/errors.js';
import { parseReconfigureFlags } from '../../../src/hook/reconfigure-args.js';
import { thrown } from '../../helpers/thrown.js';

describe('parseReconfigureFlags', () => {
  it.each([
    [{ target: ' 10.0.0.5:6379', event: 'demoted' }, { target: '10.0.0.5:6379', event: 'demoted' }],
    [{ target: 'rediss://db:7000', event: 'promoted', config: 'c.yaml' }, { target: 'rediss://db:7000', event: 'promoted', configFlag: 'c.yaml' }],
    [{ target: '/run/redis.sock', event: 'master-changed' }, { target: '/run/redis.sock', event: 'master-changed' }],
  ])('%j', (flags, expected) => {
    expect(parseReconfigureFlags(flags)).toMatchObject(expected);
  });

  it.each([
    [{ event: 'demoted' }, /needs --target/],
    [{ target: ' ', event: 'demoted' }, /needs --target/],
    [{ target: 'a:1' }, /needs --event demoted\|promoted\|master-changed/],
    [{ target: 'a:1', event: 'failover' }, /--event 'failover' is not one of demoted, promoted, master-changed/],
    [{ target: 'a:99999', event: 'demoted' }, /bad port '99999'/],
  ])('%j is refused with exit 64', (flags, message) => {
    const err = thrown(() => parseReconfigureFlags(flags));
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(EXIT.usage);
    expect((err as Error).message).toMatch(message);
  });
});
