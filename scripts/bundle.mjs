#!/usr/bin/env node
// Second half of `npm run build` (after tsc): bundles the CLI (src/cli/program.ts and everything it
// loads, dependencies included) into one CommonJS file, dist/cli/program.cjs, that dist/cli/main.js
// runs, so `reconf-agent kill` and `hook` read one file instead of resolving and reading hundreds of
// modules under node_modules. Commands stay lazy: each dynamic import in src/cli/commands/index.ts
// becomes a module that initialises on first use, so `kill` never runs the daemon's, the demo's or
// the metrics' code. Then scripts/warm-code-cache.mjs saves V8's code cache for it (program.cjs.cache,
// see src/cli/code-cache.ts). CommonJS, not ESM, because Node.js 20 takes a code cache only for a
// vm.Script. Issue 9's start-up target, measured in bench/cli-startup.mjs. The rest of dist/ stays
// as tsc wrote it (the benches import it).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(top, 'package.json'), 'utf8'));
const out = join(top, 'dist', 'cli', 'program.cjs');
rmSync(`${out}.cache`, { force: true });

// src/version.ts reads ../package.json beside its own module, which in a bundle is not where it was;
// the bundle carries the version it was built from instead.
const inlineVersion = {
  name: 'inline-version',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({ contents: `export const VERSION = ${JSON.stringify(version)};`, loader: 'ts' }));
  },
};

await build({
  entryPoints: [join(top, 'src', 'cli', 'program.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // ESM dependencies (node-cron) name import.meta.url, which CommonJS has not: the bundle's own URL.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [inlineVersion],
  logLevel: 'warning',
});

// The warm-up's own exit code and output are the failed hook's (pino writes to fd 2 itself, so it
// is captured here); what counts is the cache it leaves, and its output is shown only without one.
const warm = spawnSync(process.execPath, [join(top, 'scripts', 'warm-code-cache.mjs'), out], { encoding: 'utf8' });
if (!(statSync(`${out}.cache`, { throwIfNoEntry: false })?.size > 0)) {
  process.stderr.write(`${warm.stdout}${warm.stderr}`);
  throw new Error(`bundle: scripts/warm-code-cache.mjs wrote no code cache for ${out}`);
}
