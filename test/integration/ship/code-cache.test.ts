// The built CLI's bundles: `kill` and `hook` each carry a V8 code cache that the Node.js that built
// them accepts (a rejected cache would cost nothing but start-up time, so nothing else would notice),
// each bundle is ASCII (the loader reads it as latin1, which is the same text only for ASCII), and
// each bundle runs its commands from the built command, as Sentinel runs it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../helpers/cli.js';

const DIST = fileURLToPath(new URL('../../../dist/cli/', import.meta.url));

/** Whether V8 rejects BUNDLE's cache, asked in a fresh `node` as main.cjs would load it. */
const rejected = (bundle: string): string => {
  const code = `import { loadBundle, readCodeCache } from ${JSON.stringify(join(DIST, 'code-cache.js'))};
const b = ${JSON.stringify(bundle)};
const { script, exports } = loadBundle(b, readCodeCache(b + '.cache'));
process.stdout.write(JSON.stringify({ rejected: script.cachedDataRejected, runCli: typeof exports.runCli }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};

describe('the CLI bundles', () => {
  it.each(['kill', 'hook'])('%s has a code cache that V8 accepts', (name) => {
    const bundle = join(DIST, 'bundles', `${name}.cjs`);
    expect(existsSync(`${bundle}.cache`), `${bundle}.cache: run npm run build`).toBe(true);
    expect(JSON.parse(rejected(bundle))).toEqual({ rejected: false, runCli: 'function' });
  });

  it.each(['kill', 'hook', 'all'])('%s is ASCII, so latin1 reads it as written', (name) => {
    const bytes = readFileSync(join(DIST, 'bundles', `${name}.cjs`));
    const first = bytes.findIndex((b) => b > 0x7f);
    expect(first, `byte ${first} of ${name}.cjs is not ASCII: the bundle must be built with charset 'ascii'`).toBe(-1);
  });

  it('answers --version and help from the built command, each command from its bundle', () => {
    const version = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    for (const cmd of ['kill', 'list', 'hook', 'reconfigure', 'run', 'check-config', 'reap', 'status', 'demo']) {
      const help = spawnSync(process.execPath, [CLI, cmd, '--help'], { encoding: 'utf8' });
      expect(help.status, `${cmd}: ${help.stderr}`).toBe(0);
      expect(help.stdout).toContain(`Usage: reconf-agent ${cmd}`);
    }
  });
});
