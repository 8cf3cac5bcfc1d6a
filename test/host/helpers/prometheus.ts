// Debian's prometheus package, unpacked (not installed: installing would start its daemon on the
// host) into the host tests' cache: `apt-get download prometheus` and `dpkg-deb -x`. Its two
// binaries need only libc. $PROMETHEUS_DIR points at an existing unpacked copy instead.
// Test files run in parallel processes and more than one may unpack it at once on a new machine:
// each works in a folder of its own and moves the whole copy into place, and the first to finish wins.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { aptGet } from '../../helpers/debian-tool.js';
import { CACHE } from './nspawn.js';

export interface PrometheusBins {
  readonly prometheus: string;
  readonly promtool: string;
}

export const debianPrometheus = (): PrometheusBins => {
  const dir = process.env.PROMETHEUS_DIR ?? join(CACHE, 'prometheus');
  const bins = { prometheus: join(dir, 'usr/bin/prometheus'), promtool: join(dir, 'usr/bin/promtool') };
  const complete = (): boolean => existsSync(bins.prometheus) && existsSync(bins.promtool);
  if (complete()) return bins;
  if (process.getuid?.() !== 0) throw new Error(`these tests need Debian's prometheus: run them as root, or unpack it (dpkg-deb -x prometheus_*.deb DIR) and set PROMETHEUS_DIR=DIR`);
  const work = `${dir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const download = () => aptGet(['download', '-q', 'prometheus'], { cwd: work });
  let r = download();
  if (r.status !== 0) {
    aptGet(['update', '-qq']);
    r = download();
  }
  const deb = readdirSync(work).find((f) => /^prometheus_.*\.deb$/.test(f));
  if (r.status !== 0 || !deb) throw new Error(`apt-get download prometheus failed: ${r.stderr}`);
  execFileSync('dpkg-deb', ['-x', join(work, deb), join(work, 'root')]);
  try {
    renameSync(join(work, 'root'), dir);
  } catch (e) {
    // Another test file moved its copy into place first; anything else there is not ours to remove.
    if (!complete()) throw new Error(`cannot move Debian's prometheus into ${dir} (${(e as Error).message}): remove ${dir} and run again`);
  }
  rmSync(work, { recursive: true, force: true });
  return bins;
};
