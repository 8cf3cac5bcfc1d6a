#!/usr/bin/env node
// Called by scripts/bundle.mjs as `warm-code-cache.mjs BUNDLE ARGS...`: saves V8's code cache for
// BUNDLE (dist/cli/bundles/<name>.cjs) as BUNDLE.cache, which dist/cli/main.cjs hands to V8 (see
// src/cli/code-cache.ts). A cache holds what was compiled when it is taken, so this runs the bundle
// once with ARGS, the command it serves, and takes it at exit. `{config}` in ARGS stands for a
// dry-run config with one demoted policy (matching no one) on 127.0.0.1:1, where nothing listens.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadBundle } from '../dist/cli/code-cache.js';

const [file, ...args] = process.argv.slice(2);
const bundle = resolve(file);
const dir = mkdtempSync(join(tmpdir(), 'reconf-agent-warm-'));
const config = join(dir, 'config.yaml');
writeFileSync(config, 'dryRun: true\ntargets:\n  - url: redis://127.0.0.1:1\npolicies:\n  - name: warm\n    on: demoted\n    filter: TYPE normal NAME warm-up-matches-nobody\n');

const { script, exports } = loadBundle(bundle);
process.on('exit', () => {
  writeFileSync(`${bundle}.cache`, script.createCachedData());
  rmSync(dir, { recursive: true, force: true });
});
await exports.runCli([process.execPath, bundle, ...args.map((a) => (a === '{config}' ? config : a))]);
