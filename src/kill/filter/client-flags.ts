import { FLAG_LETTERS } from './types.js';

/**
 * Flag letters as bits, so a FLAGS filter is one mask test per client instead of a string scan.
 * Each letter of FLAG_LETTERS has its own bit; any other letter a server may send sets OTHER, so
 * a mask is 0 exactly when the client has no flags.
 */
const OTHER = 1 << 30;

/** The bit of each ASCII letter (OTHER for letters a filter cannot name). */
export const FLAG_BIT: Int32Array = (() => {
  const bits = new Int32Array(128).fill(OTHER);
  for (let i = 0; i < FLAG_LETTERS.length; i++) bits[FLAG_LETTERS.charCodeAt(i)] = 1 << i;
  return bits;
})();

const bitOf = (code: number): number => (code < 128 ? FLAG_BIT[code]! : OTHER);

/** The mask of a flags string as a ClientRecord holds it ('' for none). */
export const lettersMask = (letters: string): number => {
  let m = 0;
  for (let i = 0; i < letters.length; i++) m |= bitOf(letters.charCodeAt(i));
  return m;
};

/** The mask of flag bytes bytes[from, to); a lone `N` (the server's "no flags") is 0. */
export const bytesMask = (bytes: Uint8Array, from: number, to: number): number => {
  if (to - from === 1 && bytes[from] === 78 /* N */) return 0;
  let m = 0;
  for (let i = from; i < to; i++) m |= bitOf(bytes[i]!);
  return m;
};

export const FLAG_M = lettersMask('M');
export const FLAG_S = lettersMask('S');
export const FLAG_O = lettersMask('O');
export const FLAG_P = lettersMask('P');
