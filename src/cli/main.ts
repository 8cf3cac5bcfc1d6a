#!/usr/bin/env node
// The reconf-agent command: runs the bundle for the command asked for (dist/cli/bundles/<name>.cjs,
// see bundle-for.ts) with its code cache (code-cache.ts). The CLI itself is program.ts.
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bundleFor } from './bundle-for.js';
import { loadBundle, readCodeCache, type LoadedBundle } from './code-cache.js';
import { commandName } from './command-name.js';
import type { runCli } from './bundles/all.js';
import { EXIT } from '../errors.js';
import { VERSION } from '../version.js';

const name = commandName(process.argv.slice(2));
// The version needs no bundle (commander's -V, --version in every bundle prints the same line).
if (name === '--version') {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}
// The daemon's young generation keeps its first size (1-2 MB) instead of doubling up to
// 16 MB while its modules load and its targets connect: it holds almost nothing that lives on, and
// the grown space stayed resident until V8 shrank it some 20 s later (81-83 MB at 200 targets
// against 64 MB after; bench/daemon-footprint.mjs, docs/benchmarks.md). It must be set before the
// bundle loads; V8 reads it at every growth. The CLIENT LIST parse is as fast with it. node:v8 is
// required here only for `run`, so the one-shot commands do not pay for loading it.
if (name === 'run') createRequire(import.meta.url)('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
const bundle = join(dirname(fileURLToPath(import.meta.url)), 'bundles', `${bundleFor(name)}.cjs`);
let cli: LoadedBundle<{ runCli: typeof runCli }>;
try {
  cli = loadBundle(bundle, readCodeCache(`${bundle}.cache`));
} catch (e) {
  // An install without its bundles (a tsc-only build, a damaged package): EX_SOFTWARE, one line.
  process.stderr.write(`reconf-agent: cannot load ${bundle} (${(e as Error).message}): run \`npm run build\` or reinstall\n`);
  process.exit(EXIT.software);
}
void cli.exports.runCli(process.argv);
