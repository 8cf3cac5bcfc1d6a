// The `npm pack` tarball installs under a fixed prefix, as docs/install.md says, and its binary runs against a real server.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const npm = (args: string[], cwd = ROOT) => spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

describe('npm pack tarball', () => {
  let dir: string;
  let files: string[];
  let bin: string;
  let server: ServerHandle;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reconf-pack-'));
    // --ignore-scripts: pack the dist/ that `npm test` just built rather than rebuilding it
    // under the other suites' feet.
    const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir]);
    expect(packed.status, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    files = info!.files.map((f) => f.path);
    const tarball = join(dir, info!.filename);
    const prefix = join(dir, 'opt-reconf-agent');
    // The cache `npm ci` filled has every dependency; go to the registry only when it does not.
    let installed = npm(['install', '--offline', '--prefix', prefix, tarball]);
    if (installed.status !== 0) installed = npm(['install', '--prefix', prefix, tarball]);
    expect(installed.status, installed.stderr).toBe(0);
    bin = join(prefix, 'node_modules', '.bin', 'reconf-agent');
    server = await startServer();
  }, 120_000);
  afterAll(async () => {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ships the CLI, the systemd units and the example configs, and no tests or sources', () => {
    expect(files).toEqual(expect.arrayContaining(['dist/cli/main.cjs', 'systemd/reconf-agent.service', 'systemd/reconf-agent@.service', 'config/sentinel-host.yaml']));
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/'))).toEqual([]);
  });

  it('prints its version', () => {
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(VERSION);
  });

  it('runs kill --dry-run against a real server', async () => {
    await server.client({ name: 'packed-app' });
    const out = execFileSync(bin, ['kill', '--dry-run', server.addr, 'NAME', 'packed-app'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toContain('dry run: 1 client(s) would be killed');
  });
});
