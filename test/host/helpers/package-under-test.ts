// The Debian package the host tests check, built once per test run (by the first test file that
// asks, under a lock; the others reuse it): `systemd/deb/build.mjs` from this checkout's dist/,
// keeping its staged tree, which the systemd tests bind-mount into their guests. Also sets the
// timeouts these files need (boots, apt-get, first-time provisioning), whatever config runs them.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { vi } from 'vitest';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 900_000 });

export interface PackageUnderTest {
  /** The built reconf-agent_<version>_all.deb. */
  readonly deb: string;
  /** The package's files as installed (usr/, lib/, etc/ below it). */
  readonly stage: string;
}

const BUILD = new URL('../../../systemd/deb/build.mjs', import.meta.url).pathname;
const PREFIX = 'reconf-agent-host-pkg-';
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export const packageUnderTest = async (): Promise<PackageUnderTest> => {
  // One build per run: the test files of a run are children of the same vitest process.
  for (const old of readdirSync(tmpdir()).filter((d) => d.startsWith(PREFIX) && !alive(Number(d.slice(PREFIX.length).split('.')[0])))) {
    rmSync(join(tmpdir(), old), { recursive: true, force: true });
  }
  const dir = join(tmpdir(), `${PREFIX}${process.ppid}`);
  const script = `[ -f "$1/built" ] || { rm -rf "$1/out" && node "$2" --out "$1/out" --stage "$1/stage" >/dev/null && touch "$1/built"; }`;
  await promisify(execFile)('sh', ['-c', `mkdir -p "$1" && flock "$1.lock" sh -c '${script}' - "$1" "$2"`, '-', dir, BUILD], { maxBuffer: 1 << 24 });
  const debName = readdirSync(join(dir, 'out')).find((f) => f.endsWith('.deb'));
  if (!debName || !existsSync(join(dir, 'built'))) throw new Error(`building the package failed (see ${dir})`);
  return { deb: join(dir, 'out', debName), stage: join(dir, 'stage', debName.replace(/\.deb$/, '')) };
};
