// The demo's waits: a wait that runs out is a DemoTimeoutError (exit 75, "try again"), never an internal error (70).
import { describe, expect, it } from 'vitest';
import { DemoTimeoutError } from '../../../src/demo/errors.js';
import { waitUntil } from '../../../src/demo/wait.js';
import { EXIT } from '../../../src/errors.js';

describe('waitUntil', () => {
  it('returns once the check holds; a check that throws counts as not yet', async () => {
    let n = 0;
    await waitUntil(async () => {
      if (++n < 2) throw new Error('not up yet');
      return n >= 3;
    }, 5_000, 'three tries');
    expect(n).toBe(3);
  });

  it('runs out as exit 75 naming what it waited for', async () => {
    const err = await waitUntil(async () => false, 150, 'the replica to sync').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DemoTimeoutError);
    expect(err).toMatchObject({ exitCode: EXIT.tempFail, message: expect.stringMatching(/^demo: timed out after 150 ms waiting for the replica to sync/) });
  });
});
