import { Command, type Redis } from 'ioredis';
import type { PipelineWriteableStream } from 'ioredis/built/types.js';

/** What one chunk of commands brought back. */
export interface ChunkOutcome {
  /** The replies of the commands that succeeded, in command order. */
  readonly replies: readonly unknown[];
  /** The first failure, if any: a server error, a closed connection, or no reply in time. */
  readonly error?: unknown;
  /** From writing the chunk to its last reply. */
  readonly ms: number;
}

/** Longest setTimeout Node takes; the commands' own ioredis timer is pushed out of the way. */
const NEVER_MS = 2_147_483_647;

/** The server has sent nothing for `idleMs` while commands were outstanding. */
export class NoReplyError extends Error {
  constructor(idleMs: number) {
    super(`Command timed out: no reply for ${idleMs} ms`);
  }
}

/**
 * A stand-in for the socket that gathers the commands' bytes, so a chunk leaves in one write: one
 * write per command meant a system call per client on Redis 7.0 (one command per id) and let the
 * server read a chunk piecemeal, a read, its replies and a write per piece; a 10k reap's kill
 * phase took 3.1 s that way against 1.7 s in one run (docs/benchmarks.md). It is
 * shaped like ioredis's own pipeline stream; anything written after the flush (a command resent
 * after a reconnect) goes straight to the connection's socket of the moment.
 */
const gatherWrites = (redis: Redis): { stream: PipelineWriteableStream; flush(): void } => {
  const parts: (string | Buffer)[] = [];
  let flushed = false;
  const stream: PipelineWriteableStream = {
    isPipeline: true,
    destination: { redis },
    write: (data) => (flushed ? redis.stream.write(data) : parts.push(data)),
  };
  const flush = (): void => {
    flushed = true;
    if (parts.length === 0) return;
    redis.stream.write(parts.every((p) => typeof p === 'string') ? parts.join('') : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))));
  };
  return { stream, flush };
};

/**
 * Send `CLIENT <args>` commands as one burst, in one write, and wait for their replies. The deadline is on
 * progress, not on the whole burst: the chunk fails only when `idleMs` passes with commands
 * outstanding and no reply at all, so a slow server that keeps answering never fails it. The
 * check runs after pending I/O is read (setImmediate), so time our own event loop spent blocked
 * is not taken for server silence. Never rejects.
 */
export const sendChunk = (redis: Redis, cmds: readonly (readonly string[])[], idleMs: number): Promise<ChunkOutcome> => {
  if (cmds.length === 0) return Promise.resolve({ replies: [], ms: 0 });
  return new Promise((resolve) => {
    const commands = cmds.map((c) => {
      const cmd = new Command('client', [...c], { replyEncoding: 'utf8' });
      cmd.setTimeout(NEVER_MS); // set first, so the connection's commandTimeout does not apply
      return cmd;
    });
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown } | undefined)[] = commands.map(() => undefined);
    let started = 0;
    let lastProgress = 0;
    let open = commands.length;
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (timer) clearTimeout(timer);
      const replies = outcomes.flatMap((o) => (o?.ok ? [o.value] : []));
      const failed = outcomes.find((o) => o && !o.ok);
      resolve({ replies, ms: performance.now() - started, ...(failed && !failed.ok && { error: failed.error }) });
    };
    const settle = (i: number, outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): void => {
      outcomes[i] = outcome;
      lastProgress = performance.now();
      if (--open === 0) finish();
    };
    const check = (): void => {
      if (open === 0) return;
      const quiet = performance.now() - lastProgress;
      if (quiet < idleMs) {
        timer = setTimeout(() => setImmediate(check), idleMs - quiet);
        return;
      }
      const error = new NoReplyError(idleMs);
      for (const cmd of commands) if (!cmd.isSettled) cmd.reject(error);
    };
    const burst = gatherWrites(redis);
    commands.forEach((cmd, i) => {
      cmd.promise.then(
        (value: unknown) => settle(i, { ok: true, value }),
        (error: unknown) => settle(i, { ok: false, error }),
      );
      void redis.sendCommand(cmd, burst.stream);
    });
    // Timed from the write: building the commands is our time, not the server's.
    started = lastProgress = performance.now();
    burst.flush();
    timer = setTimeout(() => setImmediate(check), idleMs);
  });
};
