// Kill chunks in flight, against a stand-in connection that answers commands in order, one per event-loop
// turn: the second chunk goes out before the first is answered, a third waits for the first, and after a
// failure the chunk already sent is still waited for and counted while nothing more is sent.
import type { Command, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { executePlan, newProgress } from '../../../src/kill/execute/execute.js';
import { CHUNKS_IN_FLIGHT, FIRST_CHUNK_IDS } from '../../../src/kill/execute/pacing.js';
import { capabilitiesFromVersion } from '../../../src/kill/plan/capabilities.js';
import { compile } from '../../../src/kill/plan/compile.js';
import { parseFilter } from '../../../src/kill/filter/parse.js';

const SELF = '9999';

/** A connection with `clients` idle normal clients (ids 1..n); `fails` answers an error to the kill of that id. */
const standIn = (clients: number, fails?: string) => {
  const sent: { id: string; answeredBefore: number }[] = [];
  const queue: Command[] = [];
  let answered = 0;
  const answerNext = (): void => {
    const cmd = queue.shift();
    if (!cmd) return;
    const id = String(cmd.args[2]);
    answered++;
    if (id === fails) cmd.reject(new Error('ERR stand-in failure'));
    else cmd.resolve(1);
    setImmediate(answerNext);
  };
  const list = Array.from({ length: clients }, (_, i) => `id=${i + 1} addr=127.0.0.1:${10000 + i} laddr=127.0.0.1:6379 fd=${i + 8} name= age=9 idle=9 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=1920 events=r cmd=NULL user=default redir=-1 resp=2`);
  const redis = {
    options: { commandTimeout: 1000 },
    callBuffer: async () => Buffer.from(`${list.join('\n')}\n`),
    sendCommand: (cmd: Command) => {
      sent.push({ id: String(cmd.args[2]), answeredBefore: answered });
      if (queue.push(cmd) === 1) setImmediate(answerNext);
    },
  } as unknown as Redis;
  return { redis, sent };
};

// Redis 7.0: one id per CLIENT KILL; a cap makes the plan list and kill by id.
const plan = compile(parseFilter('TYPE normal'), capabilitiesFromVersion({ flavor: 'redis', version: '7.0.15' }), { countFirst: true });

describe('kill chunks in flight', () => {
  it(`sends the next chunk before the first is answered, never more than ${CHUNKS_IN_FLIGHT} at once, and kills every client once`, async () => {
    const s = standIn(200);
    const r = await executePlan(s.redis, plan, SELF, { label: 'stand-in', maxKills: 1000 });
    expect(r.killed).toBe(200);
    expect(s.sent.map((x) => Number(x.id))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // The second chunk (ids 17..32) went out with nothing answered yet; the third only once the first was.
    expect(s.sent[FIRST_CHUNK_IDS]!.answeredBefore).toBe(0);
    expect(s.sent[2 * FIRST_CHUNK_IDS]!.answeredBefore).toBeGreaterThanOrEqual(FIRST_CHUNK_IDS);
  });

  it('after a failed chunk, counts the chunk already sent and sends nothing more', async () => {
    const s = standIn(500, '20');
    const progress = newProgress();
    await expect(executePlan(s.redis, plan, SELF, { label: 'stand-in', maxKills: 1000, progress })).rejects.toThrow(/stand-in failure/);
    // Chunk 2 (17..32) failed at id 20; chunk 3 was sent when chunk 1 was answered, and is counted in full.
    const third = s.sent.length - 2 * FIRST_CHUNK_IDS;
    expect(third).toBeGreaterThan(0);
    expect(progress.killed).toBe(s.sent.length - 1);
  });
});
