// Finds the redis-server binary the integration suites run against, installing Debian's
// package when it is missing and we are root with apt-get; otherwise fails with instructions.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const INSTALL_HINT =
  'integration tests need a real redis-server: install it with `sudo apt-get install -y redis-server` ' +
  '(Debian/Ubuntu), or set REDIS_SERVER_BIN=/path/to/redis-server-or-valkey-server';

const onPath = (name: string): string | undefined => {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
};

/** The server binary: REDIS_SERVER_BIN, else redis-server on PATH, else install Debian's package when root. */
export const findServerBin = (): string => {
  const explicit = process.env.REDIS_SERVER_BIN;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`REDIS_SERVER_BIN=${explicit} does not exist; ${INSTALL_HINT}`);
    return explicit;
  }
  const found = onPath('redis-server');
  if (found) return found;
  if (process.getuid?.() === 0 && onPath('apt-get')) {
    process.stderr.write('redis-server not found: installing Debian package redis-server with apt-get (running as root)\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], { stdio: 'inherit', env });
    const installed = onPath('redis-server');
    if (installed) return installed;
  }
  throw new Error(INSTALL_HINT);
};

/** What `--version` says the binary is, e.g. `valkey 9.1.2`, for logs and the run's summary line. */
export const serverVersion = (bin: string): string => {
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8' });
  const m = /^(\S+) server v=(\S+)/i.exec(out);
  return m ? `${m[1]!.toLowerCase()} ${m[2]}` : out.trim();
};
