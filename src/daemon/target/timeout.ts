import { TimeoutError } from '../errors.js';

/**
 * Two turns of the event loop: a reply that arrived while our own code held the loop is read in
 * the poll phase, which runs before setImmediate callbacks.
 */
export const afterPendingIo = (f: () => void): void => void setImmediate(() => setImmediate(f));

/** The error of a step that got no answer in time. */
export const timeoutError = (what: string, ms: number): TimeoutError => new TimeoutError(`${what}: no answer within ${ms} ms`);

/**
 * `p`, or a TimeoutError after `ms`: one hung target must never hold up the loop that waits on it.
 * Measured against the event loop: when the deadline timer fires, replies already waiting on
 * the socket are read first, so a loop blocked by our own work (parsing a long CLIENT LIST) does
 * not turn an answered command into a timeout.
 */
export const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  // One promise and one timer, not a race and a finally.
  new Promise<T>((resolve, reject) => {
    const timer = deadline(ms, what, reject);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });

/** A timer that fails `what` with a TimeoutError `ms` from now, measured against the event loop; clear it when the answer comes. */
const deadline = (ms: number, what: string, fail: (e: TimeoutError) => void): NodeJS.Timeout =>
  setTimeout(() => afterPendingIo(() => fail(timeoutError(what, ms))), ms);

/** Settles after `p` or after `ms`, whichever comes first; never rejects. For bounded drains. */
export const settleWithin = async (p: Promise<unknown>, ms: number): Promise<boolean> =>
  withTimeout(p, ms, 'drain').then(
    () => true,
    () => false,
  );
