import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { UsageError } from '../errors.js';

/** The largest config file, TLS file or CA bundle read. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** The largest password file read. */
export const MAX_SECRET_BYTES = 64 * 1024;

/** A file that cannot be read as asked; `why` in words (`ENOENT`, `it is a FIFO; give a regular file`). */
export class UnreadableFileError extends UsageError {
  constructor(
    what: string,
    path: string,
    readonly why: string,
  ) {
    super(`cannot read ${what} '${path}': ${why}`);
  }
}

const kind = (s: Stats): string =>
  s.isFIFO() ? 'a FIFO' : s.isDirectory() ? 'a directory' : s.isSocket() ? 'a socket' : s.isCharacterDevice() || s.isBlockDevice() ? 'a device' : 'not a regular file';

/**
 * Read a small regular file as UTF-8 without ever waiting on it: it is opened non-blocking (a
 * FIFO with no writer does not hold the open, nor the event loop), refused unless fstat says it
 * is a regular file, and read only up to `maxBytes`. Throws UsageError (exit 64; the config
 * turns it into a problem, exit 78) naming `what`, the path and why.
 */
export const readSmallFile = (path: string, what: string, maxBytes: number): string => {
  const refuse = (why: string): never => {
    throw new UnreadableFileError(what, path, why);
  };
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    return refuse((e as NodeJS.ErrnoException).code ?? String(e));
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) refuse(`it is ${kind(st)}; give a regular file`);
    if (st.size > maxBytes) refuse(`it is larger than ${maxBytes} bytes`);
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    let r = -1;
    while (r !== 0 && n < buf.length) {
      r = readSync(fd, buf, n, buf.length - n, null);
      n += r;
    }
    if (n > maxBytes) refuse(`it is larger than ${maxBytes} bytes`);
    return buf.toString('utf8', 0, n);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    return refuse((e as NodeJS.ErrnoException).code ?? String(e));
  } finally {
    closeSync(fd);
  }
};

/** A password file, one trailing newline dropped. An empty one is refused: connecting without a password is never a silent fallback. */
export const readPasswordFile = (path: string): string => {
  const password = readSmallFile(path, 'password file', MAX_SECRET_BYTES).replace(/\r?\n$/, '');
  if (password === '') throw new UsageError(`password file '${path}' is empty; write the password in it (or give no password file to connect without one)`);
  return password;
};
