// The bounds every duration and count is checked against, the same for the CLI, the config file and the hook.
import { describe, expect, it } from 'vitest';
import { checkCount, checkDuration, MAX_DURATION_MS } from '../../../src/input/bounds.js';

describe('checkDuration', () => {
  it.each([1, '1', 5000, '2147483647', MAX_DURATION_MS])('accepts %j', (raw) => {
    expect(checkDuration(raw)).toEqual({ value: Number(raw) });
  });

  it.each([0, '0', -1, 1.5, '2147483648', 3_000_000_000, '99999999999999', '1e3', ' 5', '', 'abc', null, true, Number.NaN, Infinity])('refuses %j, naming the range', (raw) => {
    expect(checkDuration(raw).problem).toMatch(/^must be a whole number of milliseconds from 1 to 2147483647, got /);
  });

  it('takes its own minimum', () => {
    expect(checkDuration(0, 0)).toEqual({ value: 0 });
    expect(checkDuration(9, 10).problem).toMatch(/from 10 to /);
  });
});

describe('checkCount', () => {
  it('a positive count takes 1 up to 2^53-1', () => {
    expect(checkCount('1')).toEqual({ value: 1 });
    expect(checkCount(Number.MAX_SAFE_INTEGER)).toEqual({ value: Number.MAX_SAFE_INTEGER });
    for (const raw of [0, '99999999999999999999', 2 ** 53, -3, 'x']) expect(checkCount(raw).problem).toMatch(/^must be a positive integer \(at most 9007199254740991\), got /);
  });

  it('a non-negative count takes 0 and says so when refusing -1', () => {
    expect(checkCount(0, 0)).toEqual({ value: 0 });
    expect(checkCount(-1, 0).problem).toBe('must be a non-negative integer (at most 9007199254740991), got -1');
  });

  it('quotes a string with its secrets redacted', () => {
    expect(checkCount('redis://u:pw@h:1').problem).toContain("got 'redis://u:(redacted)@h:1'");
  });
});
