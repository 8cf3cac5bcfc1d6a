import { Command, type Redis } from 'ioredis';

/** What one chunk of commands brought back. */
export interface ChunkOutcome {
  /** The replies of the commands that succeeded, in command order. */
  readonly replies: readonly unknown[];
  /** The first failure, if any: a server error, a closed connection, or no reply in time. */
  readonly error?: unknown;
  /** From sending the chunk to its last reply. */
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
 * Send `CLIENT <args>` commands as one burst and wait for their replies. The deadline is on
 * progress, not on the whole burst: the chunk fails only when `idleMs` passes with commands
 * outstanding and no reply at all, so a slow server that keeps answering never fails it. The
 * check runs after pending I/O is read (setImmediate), so time our own event loop spent blocked
 * is not taken for server silence. Never rejects.
 */
export const sendChunk = (redis: Redis, cmds: readonly (readonly string[])[], idleMs: number): Promise<ChunkOutcome> => {
  const started = performance.now();
  if (cmds.length === 0) return Promise.resolve({ replies: [], ms: 0 });
  return new Promise((resolve) => {
    const commands = cmds.map((c) => {
      const cmd = new Command('client', [...c], { replyEncoding: 'utf8' });
      cmd.setTimeout(NEVER_MS); // set first, so the connection's commandTimeout does not apply
      return cmd;
    });
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown } | undefined)[] = commands.map(() => undefined);
    let lastProgress = performance.now();
    let open = commands.length;
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (timer) clearTimeout(timer);
      const replies = outcomes.flatMap((o) => (o?.ok ? [o.value] : []));
      const failed = outcomes.find((o) => o && !o.ok);
      resolve({ replies, ms: performance.now() - started, ...(failed && !failed.ok && { error: failed.error }) });
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
    commands.forEach((cmd, i) => {
      cmd.promise.then(
        (value: unknown) => (outcomes[i] = { ok: true, value }),
        (error: unknown) => (outcomes[i] = { ok: false, error }),
      ).finally(() => {
        lastProgress = performance.now();
        if (--open === 0) finish();
      });
      void redis.sendCommand(cmd);
    });
    timer = setTimeout(() => setImmediate(check), idleMs);
  });
};
