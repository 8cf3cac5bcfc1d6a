import { setTimeout as sleep } from 'node:timers/promises';
import { DemoTimeoutError } from './errors.js';

/** Poll until `check` is true; throws DemoTimeoutError (exit 75) naming what was awaited after `timeoutMs`. */
export const waitUntil = async (check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new DemoTimeoutError(`demo: timed out after ${timeoutMs} ms waiting for ${what} (is the machine very busy? try again)`);
};
