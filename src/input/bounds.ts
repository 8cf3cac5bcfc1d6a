import { quoteInput } from '../log/redact.js';

/**
 * Bounds on the numbers a user gives (durations and counts), shared by the CLI, the config file
 * and the hook so each says the same thing about the same mistake. Pure: each check returns
 * the value or the problem in words; the caller names the option and picks the exit code.
 */

/** Node's timers hold at most 2^31-1 ms (about 24.8 days); anything longer fires after 1 ms. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

export type Checked = { readonly value: number; readonly problem?: undefined } | { readonly problem: string };

/** A number as given: a number from YAML, or digits from argv. */
const asNumber = (raw: unknown): number | undefined => {
  if (typeof raw === 'number') return raw;
  return typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : undefined;
};

const shown = (raw: unknown): string => (typeof raw === 'string' ? quoteInput(raw) : JSON.stringify(raw) ?? String(raw));

/** A whole number of milliseconds from `min` to `max` (at most MAX_DURATION_MS). */
export const checkDuration = (raw: unknown, min = 1, max = MAX_DURATION_MS): Checked => {
  const n = asNumber(raw);
  if (n !== undefined && Number.isInteger(n) && n >= min && n <= max) return { value: n };
  return { problem: `must be a whole number of milliseconds from ${min} to ${max}, got ${shown(raw)}` };
};

/** A count: a whole number from `min` (0 or 1) up to Number.MAX_SAFE_INTEGER. */
export const checkCount = (raw: unknown, min: 0 | 1 = 1): Checked => {
  const n = asNumber(raw);
  if (n !== undefined && Number.isSafeInteger(n) && n >= min) return { value: n };
  return { problem: `must be a ${min === 0 ? 'non-negative' : 'positive'} integer (at most ${Number.MAX_SAFE_INTEGER}), got ${shown(raw)}` };
};
