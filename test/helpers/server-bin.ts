// Finds the redis-server binary the integration suites run against, installing Debian's
// package when it is missing and we are root with apt-get; otherwise fails with instructions.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { aptInstall, onPath } from './debian-tool.js';

const INSTALL_HINT =
  'integration tests need a real redis-server: install it with `sudo apt-get install -y redis-server` ' +
  '(Debian/Ubuntu), or set REDIS_SERVER_BIN=/path/to/redis-server-or-valkey-server';

/** The server binary: REDIS_SERVER_BIN, else redis-server on PATH, else install Debian's package when root. */
export const findServerBin = (): string => {
  const explicit = process.env.REDIS_SERVER_BIN;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`REDIS_SERVER_BIN=${explicit} does not exist; ${INSTALL_HINT}`);
    return explicit;
  }
  const found = onPath('redis-server') ?? (aptInstall('redis-server') ? onPath('redis-server') : undefined);
  if (found) return found;
  throw new Error(INSTALL_HINT);
};

/** What `--version` says the binary is, e.g. `valkey 9.1.2`, for logs and the run's summary line. */
export const serverVersion = (bin: string): string => {
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8' });
  const m = /^(\S+) server v=(\S+)/i.exec(out);
  return m ? `${m[1]!.toLowerCase()} ${m[2]}` : out.trim();
};
