// sendChunk on a real server: a chunk of kill commands leaves in one socket write (not one per command), its
// replies come back in command order, a failing command is reported while the others' replies are kept, and
// the connection stays usable for the next command.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendChunk } from '../../../src/kill/execute/send-chunk.js';
import { crowdServerArgs, isCrowd, openCrowd } from '../../helpers/crowd.js';
import { clientList } from '../../helpers/population.js';
import { startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

/** Count the writes to the connection's socket while `f` runs. */
const countWrites = async <T>(redis: Redis, f: () => Promise<T>): Promise<{ result: T; writes: number }> => {
  const stream = redis.stream;
  const write = stream.write;
  let writes = 0;
  stream.write = function (this: typeof stream, ...args: Parameters<typeof write>) {
    writes++;
    return write.apply(this, args);
  } as typeof write;
  try {
    return { result: await f(), writes };
  } finally {
    stream.write = write;
  }
};

describe('sendChunk', () => {
  let server: ServerHandle;
  let redis: Redis;

  beforeAll(async () => {
    server = await startServer(crowdServerArgs(100));
    redis = await server.client();
  });
  afterAll(stopAll);

  it('sends a chunk of 40 single-id kills in one write and gets every reply, in order', async () => {
    const crowd = await openCrowd(server.port, 40);
    const ids = (await clientList(server.port)).filter(isCrowd).map((c) => c.id);
    expect(ids).toHaveLength(40);
    const kills = ids.map((id) => ['KILL', 'ID', id, 'TYPE', 'normal']);
    const { result, writes } = await countWrites(redis, () => sendChunk(redis, kills, 5000));
    expect(writes).toBe(1);
    expect(result.error).toBeUndefined();
    expect(result.replies).toEqual(ids.map(() => 1));
    expect(result.ms).toBeGreaterThan(0);
    await crowd.waitClosed(40);
    expect(await redis.ping()).toBe('PONG');
  });

  it('reports the first failing command and keeps the replies of the others', async () => {
    const kills = [['KILL', 'ID', '9223372036854775806'], ['KILL', 'ID', 'x'], ['KILL', 'ID', '9223372036854775807']];
    const { result, writes } = await countWrites(redis, () => sendChunk(redis, kills, 5000));
    expect(writes).toBe(1);
    expect(result.replies).toEqual([0, 0]);
    expect(String(result.error)).toMatch(/ERR/);
    expect(await redis.ping()).toBe('PONG');
  });
});
