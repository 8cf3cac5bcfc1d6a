// Finds a command-line tool the tests need, installing its Debian package when it is missing and
// we are root with apt-get; otherwise fails with instructions.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

export const onPath = (name: string): string | undefined => {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
};

/** Test files run in parallel processes: their apt-get runs take turns on this lock. */
const APT_LOCK = '/tmp/reconf-agent-tests-apt.lock';

/**
 * apt-get with `args`, taking turns with the other test processes (flock) and waiting for dpkg's
 * own lock (another apt on the machine) instead of failing at once.
 */
export const aptGet = (args: readonly string[], opts: { cwd?: string } = {}): SpawnSyncReturns<string> =>
  spawnSync('flock', ['-w', '600', APT_LOCK, 'apt-get', '-o', 'DPkg::Lock::Timeout=300', ...args], {
    ...opts,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });

const aptOk = (args: readonly string[]): void => {
  const r = aptGet(args);
  if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ')}`);
};

/** Install Debian's `pkg` with apt-get when we are root and have apt-get; false when we cannot. */
export const aptInstall = (pkg: string): boolean => {
  if (process.getuid?.() !== 0 || !onPath('apt-get')) return false;
  process.stderr.write(`installing Debian package ${pkg} with apt-get (running as root)\n`);
  aptOk(['update', '-qq']);
  aptOk(['install', '-y', '-qq', '--no-install-recommends', pkg]);
  return true;
};

/** `$envVar`, else `name` on PATH, else Debian's `pkg` installed with apt-get when root. */
export const findDebianTool = (name: string, pkg: string, envVar: string): string => {
  const explicit = process.env[envVar];
  if (explicit) return explicit;
  const found = onPath(name) ?? (aptInstall(pkg) ? onPath(name) : undefined);
  if (found) return found;
  throw new Error(`these tests need ${name}: install it with \`sudo apt-get install -y ${pkg}\` (Debian/Ubuntu), or set ${envVar}=/path/to/${name}`);
};
