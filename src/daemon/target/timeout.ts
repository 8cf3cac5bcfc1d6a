import { TimeoutError } from '../errors.js';

/** `p`, or a TimeoutError after `ms`: one hung target must never hold up the loop that waits on it. */
export const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
};

/** Settles after `p` or after `ms`, whichever comes first; never rejects. For bounded shutdown. */
export const settleWithin = async (p: Promise<unknown>, ms: number): Promise<boolean> =>
  withTimeout(p, ms, 'shutdown').then(
    () => true,
    () => false,
  );
