// Finds systemd-analyze for the unit-file tests, installing Debian's systemd package when it is
// missing and we are root with apt-get; otherwise fails with instructions (as server-bin.ts does).
import { execFileSync, spawnSync } from 'node:child_process';

const INSTALL_HINT =
  'the systemd unit tests need systemd-analyze: install it with `sudo apt-get install -y systemd` (Debian/Ubuntu), ' +
  'or set SYSTEMD_ANALYZE_BIN=/path/to/systemd-analyze';

const onPath = (name: string): string | undefined => {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
};

/** SYSTEMD_ANALYZE_BIN, else systemd-analyze on PATH, else Debian's systemd package installed when root. */
export const findSystemdAnalyze = (): string => {
  const explicit = process.env.SYSTEMD_ANALYZE_BIN;
  if (explicit) return explicit;
  const found = onPath('systemd-analyze');
  if (found) return found;
  if (process.getuid?.() === 0 && onPath('apt-get')) {
    process.stderr.write('systemd-analyze not found: installing Debian package systemd with apt-get (running as root)\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'systemd'], { stdio: 'inherit', env });
    const installed = onPath('systemd-analyze');
    if (installed) return installed;
  }
  throw new Error(INSTALL_HINT);
};
