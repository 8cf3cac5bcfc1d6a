// onlyBeforeChange as a watermark id: a plan with beforeId is always emulated and selects only clients whose id is below the watermark (compared as exact 64-bit ids).
import { describe, expect, it } from 'vitest';
import { compile, planMatches } from '../../../src/kill/plan/compile.js';
import { parseClientList } from '../../../src/kill/filter/client-list.js';
import { parseFilter } from '../../../src/kill/filter/parse.js';
import { FilterError } from '../../../src/errors.js';
import { capturedCaps } from '../../helpers/fixtures.js';
import { thrown } from '../../helpers/thrown.js';

const caps = capturedCaps('redis-7.4.1');
const client = (id: string) => parseClientList(`id=${id} addr=127.0.0.1:5000 laddr=127.0.0.1:6379 fd=9 name= age=0 idle=0 flags=N db=0 cmd=ping user=default resp=2\n`)[0]!;

describe('beforeId', () => {
  it('makes a natively runnable filter emulated, and says why', () => {
    expect(compile(parseFilter('TYPE normal'), caps).mode).toBe('native');
    const plan = compile(parseFilter('TYPE normal'), caps, { beforeId: '100' });
    expect(plan.mode).toBe('emulated');
    expect(plan.kills).toEqual([]);
    expect(plan.reasons.join(' ')).toMatch(/below 100/);
  });

  it('selects ids below the watermark only, exactly at 64 bits', () => {
    const plan = compile(parseFilter('TYPE normal'), caps, { beforeId: '18446744073709551615' });
    expect(planMatches(plan, client('18446744073709551614'), '1')).toBe(true);
    expect(planMatches(plan, client('18446744073709551615'), '1')).toBe(false);
    const small = compile(parseFilter('TYPE normal'), caps, { beforeId: '100' });
    expect([99, 100, 101, 1000].map((id) => planMatches(small, client(String(id)), '1'))).toEqual([true, false, false, false]);
  });

  it('still applies the filter below the watermark', () => {
    const plan = compile(parseFilter('TYPE normal USER app'), caps, { beforeId: '100' });
    expect(planMatches(plan, client('5'), '1')).toBe(false); // user default
  });

  it('refuses a watermark that is not a canonical client id', () => {
    for (const bad of ['0', '007', '-1', '1.5', '18446744073709551616']) {
      expect(thrown(() => compile(parseFilter('TYPE normal'), caps, { beforeId: bad }))).toBeInstanceOf(FilterError);
    }
  });
});
