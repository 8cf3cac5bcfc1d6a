// The shipped systemd units pass `systemd-analyze verify` and score below the exposure threshold in `systemd-analyze security --offline=true`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDoc } from '../../helpers/agent-setup.js';
import { CLI } from '../../helpers/cli.js';
import { findDebianTool } from '../../helpers/debian-tool.js';

/** docs/install.md records the score; raise neither without a reason written there. */
const MAX_EXPOSURE = 2.0;
const INSTALLED_BIN = '/opt/reconf-agent/node_modules/.bin/reconf-agent';
const UNITS = [
  ['reconf-agent.service', 'reconf-agent.service'],
  ['reconf-agent@.service', 'reconf-agent@cache.service'],
] as const;

const unitText = (name: string) => readFileSync(new URL(`../../../systemd/${name}`, import.meta.url), 'utf8');

describe('systemd units', () => {
  let analyze: string;
  let dir: string;
  beforeAll(() => {
    analyze = findDebianTool('systemd-analyze', 'systemd', 'SYSTEMD_ANALYZE_BIN');
    dir = mkdtempSync(join(tmpdir(), 'reconf-units-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * `verify` checks that ExecStart's binary exists, and --root would also need the whole unit
   * tree (sysinit.target) and `kill` inside the root. So the test checks a temp copy whose
   * ExecStart runs this checkout's build with this node; nothing else in the unit changes.
   */
  const testCopy = (source: string, as: string): string => {
    const text = unitText(source);
    expect(text).toContain(`ExecStart=${INSTALLED_BIN} run -c `);
    const path = join(dir, as);
    writeFileSync(path, text.replace(`ExecStart=${INSTALLED_BIN}`, `ExecStart=${process.execPath} ${CLI}`));
    return path;
  };

  it.each(UNITS)('%s passes systemd-analyze verify', (source, as) => {
    const r = spawnSync(analyze, ['verify', testCopy(source, as)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each(UNITS)(`%s has an exposure level below ${MAX_EXPOSURE}`, (source, as) => {
    const r = spawnSync(analyze, ['security', '--offline=true', testCopy(source, as)], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const score = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(r.stdout)?.[1]);
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(MAX_EXPOSURE);
    expect(installDoc(), 'docs/install.md records the exposure level').toContain(`**Overall exposure level: ${score.toFixed(1)} `);
  });

  it('keeps the template identical to the main unit but for the per-instance config and password', () => {
    const settings = (text: string) =>
      text
        .split('\n')
        .filter((l) => /^\w+=/.test(l))
        .map((l) => l.replace(/%i\.yaml|config\.yaml/, 'CONFIG').replace(/%i\.redis-password|redis-password$/, 'PASSWORD').replace(/ %i /, ' '));
    expect(settings(unitText('reconf-agent@.service'))).toEqual(settings(unitText('reconf-agent.service')));
  });

  it('keeps MemoryDenyWriteExecute off, saying why (V8 JIT)', () => {
    expect(unitText('reconf-agent.service')).toMatch(/V8's JIT[^\n]*\n[^\n]*\nMemoryDenyWriteExecute=no/);
  });
});
