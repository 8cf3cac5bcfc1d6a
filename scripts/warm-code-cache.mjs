#!/usr/bin/env node
// Last step of `npm run build` (called by scripts/bundle.mjs with the bundle's path): saves V8's
// code cache for dist/cli/program.cjs as program.cjs.cache, which dist/cli/main.js hands to V8
// (src/cli/code-cache.ts). The cache holds what was compiled when it is taken, so this runs the
// bundle once the way Sentinel does, `hook` with one demoted policy, and takes it at exit: that
// compiles the CLI, config loading (yaml, convict), ioredis, pino and the kill path that `kill`
// shares. The target is 127.0.0.1:1, where nothing listens (and the config is a dry run whose
// policy matches no one, whatever does): the run fails to connect, which is expected here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadBundle } from '../dist/cli/code-cache.js';

const bundle = resolve(process.argv[2]);
const dir = mkdtempSync(join(tmpdir(), 'reconf-agent-warm-'));
const config = join(dir, 'config.yaml');
writeFileSync(config, 'dryRun: true\ntargets:\n  - url: redis://127.0.0.1:1\npolicies:\n  - name: warm\n    on: demoted\n    filter: TYPE normal NAME warm-up-matches-nobody\n');

const { script, exports } = loadBundle(bundle);
process.on('exit', () => {
  writeFileSync(`${bundle}.cache`, script.createCachedData());
  rmSync(dir, { recursive: true, force: true });
});
await exports.runCli([process.execPath, bundle, 'hook', 'warm', 'leader', 'start', '127.0.0.1', '1', '127.0.0.1', '1', '-c', config]);
