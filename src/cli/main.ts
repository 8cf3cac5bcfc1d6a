#!/usr/bin/env node
// The reconf-agent command: runs the bundled CLI beside this file (program.cjs, built by `npm run
// build`) with its code cache. The CLI itself is program.ts.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle, readCodeCache, type LoadedBundle } from './code-cache.js';
import type { runCli } from './program.js';

const bundle = join(dirname(fileURLToPath(import.meta.url)), 'program.cjs');
let cli: LoadedBundle<{ runCli: typeof runCli }>;
try {
  cli = loadBundle(bundle, readCodeCache(`${bundle}.cache`));
} catch (e) {
  // An install without its bundle (a tsc-only build, a damaged package): EX_SOFTWARE, one line.
  process.stderr.write(`reconf-agent: cannot load ${bundle} (${(e as Error).message}): run \`npm run build\` or reinstall\n`);
  process.exit(70);
}
await cli.exports.runCli(process.argv);
