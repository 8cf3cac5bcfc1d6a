/**
 * How many ids the next kill chunk carries. Pure: the executor measures, this decides.
 *
 * A chunk is sent as one burst and the server runs it without serving anyone else (it handles a
 * connection's whole read buffer at once), so a chunk's time is the stall every other client of
 * the server sees. On Redis and Valkey before 8.1 each `CLIENT KILL ID` walks every client, so
 * the cost per id grows with the client count (0.2-0.3 ms at 10-20k clients on Redis 7.0): the
 * chunk size follows the measured cost, never a fixed count.
 */

/** The server time one chunk aims at: short enough that no other client waits longer. */
export const TARGET_CHUNK_MS = 10;
/** The first chunk, before anything is measured. */
export const FIRST_CHUNK_IDS = 16;
/** The most ids in one chunk (and in one multi-id command). */
export const MAX_CHUNK_IDS = 1000;

/**
 * The next chunk's size after `ids` ids took `ms`: what fits in TARGET_CHUNK_MS at the measured
 * cost per id, at least 1, growing at most twofold per chunk (one quick chunk is weak evidence),
 * shrinking at once (a slow one is strong evidence).
 */
export const nextChunkSize = (ids: number, ms: number): number => {
  const cap = Math.min(Math.max(1, ids) * 2, MAX_CHUNK_IDS);
  if (!(ms > 0)) return cap;
  return Math.max(1, Math.min(cap, Math.floor((ids * TARGET_CHUNK_MS) / ms)));
};
