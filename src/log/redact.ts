/** Stands where a secret was. */
export const REDACTED = '(redacted)';

/** `scheme://user:password`: the part of a URL before its last `@`. */
const URL_USERINFO = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)(?:([^:/]*):[\s\S]*|[\s\S]*)$/;

/**
 * One string as written by a user (a target, a URL, a host) with its secret replaced. Everything
 * before the last `@` is credentials: a URL keeps its scheme and user name and loses its
 * password (`redis://app:(redacted)@h:1`); a lone `redis://x@h` loses x (redis-cli reads it as
 * a password); anything else (`app:pw@h:1`, `pw@h`) loses all of it. Pure and idempotent.
 */
export const redactUserinfo = (input: string): string => {
  const at = input.lastIndexOf('@');
  if (at < 0) return input;
  const m = URL_USERINFO.exec(input.slice(0, at));
  const head = !m ? REDACTED : m[2] === undefined ? `${m[1]}${REDACTED}` : `${m[1]}${m[2]}:${REDACTED}`;
  return `${head}${input.slice(at)}`;
};

/** A run of characters a URL or `user:pass@host` can be written as, inside prose, JSON or YAML. */
const TOKEN = /[^\s'"]+/g;

/**
 * The one redaction rule for text the product writes (messages, log lines, problem lists,
 * reports, errors): every word holding an `@` goes through redactUserinfo. Pure and idempotent;
 * a password with spaces or quotes is caught where the input is quoted (quoteInput), since
 * prose cannot tell where it ends.
 */
export const redactSecrets = (text: string): string => (text.includes('@') ? text.replace(TOKEN, (word) => (word.includes('@') ? redactUserinfo(word) : word)) : text);

/** A user's input quoted back in a message, secrets redacted: `'redis://u:(redacted)@h:1'`. */
export const quoteInput = (input: string): string => `'${redactUserinfo(input)}'`;
