// Once per run of the host tests: builds the Debian package (and keeps its staged tree, which
// the systemd tests bind-mount into their guests) and provisions both Debian roots in parallel,
// so the test files only boot them.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { ensureRoot } from './helpers/nspawn.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built reconf-agent_<version>_all.deb. */
    deb: string;
    /** The package's files as installed (usr/, lib/, etc/ below it). */
    stage: string;
    bookwormRoot: string;
    trixieRoot: string;
  }
}

const run = promisify(execFile);

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'reconf-host-'));
  const [built, bookwormRoot, trixieRoot] = await Promise.all([
    run(process.execPath, [new URL('../../systemd/deb/build.mjs', import.meta.url).pathname, '--out', dir, '--stage', join(dir, 'stage')], { maxBuffer: 1 << 24 }),
    ensureRoot('bookworm'),
    ensureRoot('trixie'),
  ]);
  const deb = built.stdout.trim();
  project.provide('deb', deb);
  project.provide('stage', join(dir, 'stage', deb.replace(/^.*\/(reconf-agent_[^/]+)\.deb$/, '$1')));
  project.provide('bookwormRoot', bookwormRoot);
  project.provide('trixieRoot', trixieRoot);
  return () => rmSync(dir, { recursive: true, force: true });
}
