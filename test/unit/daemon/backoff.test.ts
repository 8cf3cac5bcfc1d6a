// Reconnect backoff of the target watcher: doubles from the poll interval, capped at max(poll interval, 5 s).
import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../../src/daemon/target/target-watcher.js';

describe('backoffMs', () => {
  it.each([
    [1, 200, 200],
    [2, 200, 400],
    [5, 200, 3200],
    [6, 200, 5000],
    [60, 200, 5000],
    [3, 10_000, 10_000],
  ])('failure %i at poll %i ms -> %i ms', (failures, poll, ms) => {
    expect(backoffMs(failures, poll)).toBe(ms);
  });
});
