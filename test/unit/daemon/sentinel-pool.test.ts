// The Sentinel asking order after an answer: the one that answered and those after it first, as ioredis's
// SentinelIterator.reset(true) rotates.
import { describe, expect, it } from 'vitest';
import { answeredFirst } from '../../../src/daemon/sentinel/sentinel-pool.js';

describe('answeredFirst', () => {
  it.each([
    [['a', 'b', 'c'], 0, ['a', 'b', 'c']],
    [['a', 'b', 'c'], 1, ['b', 'c', 'a']],
    [['a', 'b', 'c'], 2, ['c', 'a', 'b']],
    [['a'], 0, ['a']],
  ])('%j after %i answered -> %j', (order, i, want) => {
    expect(answeredFirst(order, i)).toEqual(want);
  });
});
