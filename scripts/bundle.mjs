#!/usr/bin/env node
// Second half of `npm run build` (after tsc), for the CLI's start-up (issue 9; bench/cli-startup.mjs):
// - each entry in src/cli/bundles/ becomes one CommonJS file, dist/cli/bundles/<name>.cjs, holding its
//   commands and everything they load, dependencies included, so `kill` and `hook` (run once per
//   failover) read one file of their own code instead of resolving hundreds of modules under
//   node_modules. Commands stay lazy: each is a module that initialises on first use.
// - `kill` and `hook` get V8's code cache (<name>.cjs.cache, see src/cli/code-cache.ts), saved by
//   scripts/warm-code-cache.mjs after one run of that command against a closed port.
// - src/cli/main.ts, which picks the bundle (src/cli/bundle-for.ts), becomes dist/cli/main.cjs, the
//   command's one file (package.json's bin; a CommonJS entry starts without Node's ES module loader).
//   tsc's dist/cli/main.js is the same loader as an ES module.
// CommonJS, not ESM, because Node.js 20 takes a code cache only for a vm.Script. The rest of dist/
// stays as tsc wrote it (the benches import it).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(top, 'package.json'), 'utf8'));
const entries = join(top, 'src', 'cli', 'bundles');
const out = join(top, 'dist', 'cli', 'bundles');
rmSync(out, { recursive: true, force: true });

// The warm-up run of each cached bundle: a target where nothing listens (127.0.0.1:1), a filter that
// matches no one, and for `hook` a dry-run config (written by the warm-up): the run fails to connect.
const WARM_UPS = {
  kill: ['kill', '127.0.0.1:1', 'TYPE', 'normal', 'NAME', 'warm-up-matches-nobody'],
  hook: ['hook', 'warm', 'leader', 'start', '127.0.0.1', '1', '127.0.0.1', '1', '-c', '{config}'],
};

// src/version.ts reads ../package.json beside its own module, which in a bundle is not where it was;
// the bundle carries the version it was built from instead.
const inlineVersion = {
  name: 'inline-version',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({ contents: `export const VERSION = ${JSON.stringify(version)};`, loader: 'ts' }));
  },
};
/**
 * A plugin that edits one dependency file as it is bundled: each [anchor, replacement] pair replaces the
 * anchor text, which must occur exactly once. The build fails when the file no longer has an anchor,
 * rather than bundle it unchanged unnoticed.
 */
const rewrite = (name, filter, edits) => ({
  name,
  setup(b) {
    b.onLoad({ filter }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      for (const [anchor, replacement] of edits) {
        if (source.split(anchor).length !== 2) throw new Error(`bundle: ${args.path} no longer has one '${anchor}'`);
        source = source.replace(anchor, () => replacement);
      }
      return { contents: source, loader: 'js' };
    });
  },
});
// ioredis's Commander.js adds its ~480 command methods to Commander.prototype one by one. V8 keeps a
// class's prototype in fast mode, where each added property copies the whole descriptor array: the
// loop took 35-50 ms of every start here (a fifth of `hook`'s). Using the prototype as a prototype
// first (a throwaway object's) puts it in dictionary mode, where adds are cheap, until its first
// use makes it fast again in one step: the same methods, in 1 ms.
const COMMANDS_LOOP = 'commands.forEach(function (commandName) {';
const cheapCommanderMethods = rewrite('cheap-commander-methods', /[\\/]node_modules[\\/]ioredis[\\/]built[\\/]utils[\\/]Commander\.js$/, [
  [COMMANDS_LOOP, `Object.setPrototypeOf({}, Commander.prototype);\n${COMMANDS_LOOP}`],
]);
// prom-client's index loads its Pushgateway, and with it Node's https and zlib, for every user; the
// agent pushes nothing. The export becomes a getter that loads it on first use: the same export, and
// less resident memory in the daemon (docs/benchmarks.md, "Daemon footprint").
const PUSHGATEWAY = "exports.Pushgateway = require('./lib/pushgateway');";
const lazyPushgateway = rewrite('lazy-pushgateway', /[\\/]node_modules[\\/]prom-client[\\/]index\.js$/, [
  [PUSHGATEWAY, "Object.defineProperty(exports, 'Pushgateway', { enumerable: true, get: () => require('./lib/pushgateway') });"],
]);
// ESM dependencies (node-cron) name import.meta.url, which CommonJS has not: each output defines the
// file's own URL first (the banner), and `common` points import.meta.url at it.
const BUNDLE_URL = "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;";
// ASCII output (esbuild's default, named here because src/cli/code-cache.ts relies on it): the
// loader reads a bundle as latin1, which for ASCII is the same text, made without UTF-8 decoding.
const common = {
  bundle: true, platform: 'node', target: 'node20', sourcemap: true, charset: 'ascii', logLevel: 'warning',
  define: { 'import.meta.url': '__bundleUrl' },
};

await build({
  ...common,
  entryPoints: readdirSync(entries).map((f) => join(entries, f)),
  outdir: out,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // The file is the function Node.js would wrap a CommonJS module in (see src/cli/code-cache.ts),
  // so that the loader compiles the file's text as it is read, without copying it into a wrapper.
  banner: { js: `(function (exports, require, module, __filename, __dirname) { ${BUNDLE_URL}` },
  footer: { js: '});' },
  plugins: [inlineVersion, cheapCommanderMethods, lazyPushgateway],
});
await build({
  ...common,
  entryPoints: [join(top, 'src', 'cli', 'main.ts')],
  outfile: join(top, 'dist', 'cli', 'main.cjs'),
  format: 'cjs',
  banner: { js: BUNDLE_URL },
  plugins: [inlineVersion, cheapCommanderMethods, lazyPushgateway],
});

for (const [name, args] of Object.entries(WARM_UPS)) {
  const bundle = join(out, `${name}.cjs`);
  // The warm-up's exit code and output are the failed run's (pino writes to fd 2 itself, so it is
  // captured here); what counts is the cache it leaves, and its output is shown only without one.
  const warm = spawnSync(process.execPath, [join(top, 'scripts', 'warm-code-cache.mjs'), bundle, ...args], { encoding: 'utf8' });
  if (!(statSync(`${bundle}.cache`, { throwIfNoEntry: false })?.size > 0)) {
    process.stderr.write(`${warm.stdout}${warm.stderr}`);
    throw new Error(`bundle: scripts/warm-code-cache.mjs wrote no code cache for ${bundle}`);
  }
}
