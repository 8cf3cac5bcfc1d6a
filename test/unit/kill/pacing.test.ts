// The kill chunk pacing rule: chunks follow the measured cost per id toward TARGET_CHUNK_MS, grow at most twofold, shrink at once, stay within 1..MAX_CHUNK_IDS.
import { describe, expect, it } from 'vitest';
import { FIRST_CHUNK_IDS, MAX_CHUNK_IDS, TARGET_CHUNK_MS, nextChunkSize } from '../../../src/kill/execute/pacing.js';

describe('nextChunkSize', () => {
  it('sizes the next chunk to the target time at the measured cost per id', () => {
    // 100 ids in 20 ms: 0.2 ms each, so TARGET_CHUNK_MS holds TARGET_CHUNK_MS / 0.2 ids.
    expect(nextChunkSize(100, 20)).toBe(Math.floor(TARGET_CHUNK_MS / 0.2));
  });

  it('grows at most twofold after a quick chunk', () => {
    expect(nextChunkSize(FIRST_CHUNK_IDS, 0.01)).toBe(FIRST_CHUNK_IDS * 2);
    expect(nextChunkSize(FIRST_CHUNK_IDS, 0)).toBe(FIRST_CHUNK_IDS * 2);
  });

  it('shrinks at once after a slow chunk, never below one id', () => {
    expect(nextChunkSize(400, TARGET_CHUNK_MS * 4)).toBe(100);
    expect(nextChunkSize(1, 5000)).toBe(1);
    expect(nextChunkSize(0, 5000)).toBe(1);
  });

  it('never exceeds MAX_CHUNK_IDS', () => {
    expect(nextChunkSize(MAX_CHUNK_IDS, 0.001)).toBe(MAX_CHUNK_IDS);
    expect(nextChunkSize(900, 1)).toBe(MAX_CHUNK_IDS);
  });
});
