#!/usr/bin/env node
// The reconf-agent command: runs the bundle for the command asked for (dist/cli/bundles/<name>.cjs,
// see bundle-for.ts) with its code cache (code-cache.ts). The CLI itself is program.ts.
import { dirname, join } from 'node:path';
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
