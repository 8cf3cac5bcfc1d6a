import convict from 'convict';
import { checkCount, checkDuration, type Checked } from '../input/bounds.js';
import { parseListen } from './listen.js';

/**
 * convict formats for the config's scalar keys, by name: each throws the problem in words (convict
 * puts the key path in front), so the same bound is checked once and reported once. The bounds themselves
 * are input/bounds.ts, shared with the CLI and the hook.
 */
type Validate = (value: unknown) => void;

/**
 * Register a named format with no coercion: convict would otherwise coerce a string by the
 * default's type (any string to a Boolean, digits to a number) before validating it.
 */
const format = (name: string, validate: Validate): string => {
  convict.addFormat({ name, validate, coerce: (v: unknown) => v });
  return name;
};

/** A number within bounds; a YAML string of digits is refused too (a file says what it means). */
const bounded =
  (check: (raw: unknown) => Checked): Validate =>
  (value) => {
    const c = check(value);
    if (c.problem !== undefined) throw new Error(c.problem);
    if (typeof value !== 'number') throw new Error(`must be a number, not the string ${JSON.stringify(value)}`);
  };

/** Milliseconds from `min` to 2^31-1 (Node's timer limit). */
export const durationMs = (min: number): string => format(`duration-ms-from-${min}`, bounded((v) => checkDuration(v, min)));

/** A whole number from `min` (0 or 1) up to Number.MAX_SAFE_INTEGER. */
export const count = (min: 0 | 1): string => format(`count-from-${min}`, bounded((v) => checkCount(v, min)));

/** convict's Boolean turns any string into a Boolean; a file must say true or false. */
export const strictBoolean = format('strict-boolean', (value) => {
  if (typeof value !== 'boolean') throw new Error(`must be true or false, got ${JSON.stringify(value)}`);
});

/** host:port, [v6]:port, unix:/path, or "" to disable (listen.ts). */
export const listenAddress = format('listen-address', (value) => {
  if (typeof value !== 'string') throw new Error(`must be a string, got ${JSON.stringify(value)}`);
  parseListen(value);
});
