// Finds a command-line tool the tests need, installing its Debian package when it is missing and
// we are root with apt-get; otherwise fails with instructions. (server-bin.ts does the same for
// redis-server and could use this.)
import { execFileSync, spawnSync } from 'node:child_process';

const onPath = (name: string): string | undefined => {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
};

/** `$envVar`, else `name` on PATH, else Debian's `pkg` installed with apt-get when root. */
export const findDebianTool = (name: string, pkg: string, envVar: string): string => {
  const explicit = process.env[envVar];
  if (explicit) return explicit;
  const found = onPath(name);
  if (found) return found;
  if (process.getuid?.() === 0 && onPath('apt-get')) {
    process.stderr.write(`${name} not found: installing Debian package ${pkg} with apt-get (running as root)\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { stdio: 'inherit', env });
    const installed = onPath(name);
    if (installed) return installed;
  }
  throw new Error(`these tests need ${name}: install it with \`sudo apt-get install -y ${pkg}\` (Debian/Ubuntu), or set ${envVar}=/path/to/${name}`);
};
