/**
 * Client ids are unsigned 64-bit integers, monotonic while a server runs. They are carried as
 * canonical decimal strings (no sign, no leading zeros) so ids above 2^53 stay exact end to end.
 */
export type ClientId = string;

const MAX_ID = 18446744073709551615n; // 2^64 - 1

/** The id in canonical form, or undefined when `text` is not a whole number in 1..2^64-1. */
export const clientId = (text: string): ClientId | undefined => {
  // Up to 15 digits without a leading zero is canonical and below 2^53: no BigInt needed (every id of a kill passes here).
  if (text.length <= 15 && /^[1-9]\d*$/.test(text)) return text;
  if (!/^\d{1,20}$/.test(text)) return undefined;
  const n = BigInt(text);
  return n >= 1n && n <= MAX_ID ? n.toString() : undefined;
};

/** Order two canonical ids numerically: negative when a < b. */
export const compareIds = (a: ClientId, b: ClientId): number => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0);
