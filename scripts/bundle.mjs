#!/usr/bin/env node
// Second half of `npm run build` (after tsc): bundles the CLI from src/cli/main.ts over the dist/cli/main.js tsc
// emitted, so `reconf-agent kill` and `hook` load one file and a chunk instead of resolving and reading hundreds of
// modules under node_modules (issue 9's start-up target; measured in bench/cli-startup.mjs). Commands stay split:
// each dynamic import in src/cli/commands/index.ts becomes its own chunk in dist/cli/chunks/, so `kill` still never
// loads the daemon. The rest of dist/ stays as tsc wrote it (the benches import it).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(top, 'package.json'), 'utf8'));
const chunks = join(top, 'dist', 'cli', 'chunks');
rmSync(chunks, { recursive: true, force: true });

// src/version.ts reads ../package.json beside its own module, which in a bundle is not where it was;
// the bundle carries the version it was built from instead.
const inlineVersion = {
  name: 'inline-version',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({ contents: `export const VERSION = ${JSON.stringify(version)};`, loader: 'ts' }));
  },
};

await build({
  entryPoints: { main: join(top, 'src', 'cli', 'main.ts') },
  outdir: join(top, 'dist', 'cli'),
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // The CommonJS dependencies (ioredis, pino, commander...) call require() for Node's built-ins, and ioredis
  // names __dirname when it trims an error's stack: ESM has neither, so each output file defines them.
  banner: {
    js: [
      "import { createRequire as __bundleRequire } from 'node:module';",
      "import { fileURLToPath as __bundlePath } from 'node:url';",
      'const require = __bundleRequire(import.meta.url);',
      'const __filename = __bundlePath(import.meta.url);',
      "const __dirname = __bundlePath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
  plugins: [inlineVersion],
  logLevel: 'warning',
});
