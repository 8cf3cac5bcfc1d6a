// Config validation: defaults, the daemon's watch keys, every problem reported at once with its key path.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configPath, DEFAULT_CONFIG_PATH, loadConfig, validateConfig, watchProblems } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';

const problemsOf = (doc: unknown, env: NodeJS.ProcessEnv = {}): string[] => {
  try {
    validateConfig(doc, env);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
};

const minimal = { targets: [{ url: 'redis://127.0.0.1:7000' }] };

describe('validateConfig', () => {
  it('fills in the defaults', () => {
    const cfg = validateConfig(minimal, {});
    expect(cfg.watch).toEqual({ pollIntervalMs: 1000, flapWindowMs: 60000, flapMaxChanges: 3, timeoutMs: 2000, dedupeWindowMs: 60000, discoveryIntervalMs: 10000 });
    expect(cfg.admin.listen).toBe('127.0.0.1:9477');
    expect(cfg.dryRun).toBe(false);
    expect(cfg.targets[0]!.name).toBe('127.0.0.1:7000');
  });

  it('reads policies and reapers, with seconds-field schedules', () => {
    const cfg = validateConfig(
      {
        ...minimal,
        policies: [{ name: 'p', on: 'demoted', filter: 'TYPE normal', onlyBeforeChange: true, maxKills: 5, batch: { size: 2, pauseMs: 10 } }],
        reapers: [{ name: 'r', schedule: '*/2 * * * * *', roles: ['replica'], filter: 'TYPE normal IDLE 60' }],
      },
      {},
    );
    expect(cfg.policies[0]).toMatchObject({ name: 'p', on: 'demoted', onlyBeforeChange: true, maxKills: 5, batch: { size: 2, pauseMs: 10 } });
    expect(cfg.reapers[0]).toMatchObject({ name: 'r', schedule: '*/2 * * * * *', roles: ['replica'] });
  });

  it('reports every problem at once, each with its key path', () => {
    const problems = problemsOf({
      targets: [{ url: 'nope::' }],
      watch: { pollIntervalMs: 0, bogus: 1 },
      policies: [{ name: 'p', on: 'failover', filter: 'TYPE master' }],
      reapers: [{ name: 'r', schedule: 'every minute', roles: ['primary'], filter: 'IDLE' }],
      dryRun: 'yes',
      admin: { listen: '9477' },
      log: { level: 'loud' },
    });
    const paths = problems.map((p) => p.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'targets[0].url',
        'watch.bogus',
        'watch.pollIntervalMs',
        'policies[0].on',
        'policies[0].filter',
        'reapers[0].schedule',
        'reapers[0].roles',
        'reapers[0].filter',
        'dryRun',
        'admin.listen',
        'log.level',
      ]),
    );
  });

  it.each([
    [{ watch: { timeoutMs: 0 } }, 'watch.timeoutMs: must be a whole number of milliseconds from 1 to 2147483647, got 0'],
    [{ watch: { discoveryIntervalMs: 5 } }, 'watch.discoveryIntervalMs: must be a whole number of milliseconds from 100 to 2147483647'],
    [{ watch: { pollIntervalMs: 3_000_000_000 } }, 'watch.pollIntervalMs: must be a whole number of milliseconds from 10 to 2147483647, got 3000000000'],
    [{ watch: { timeoutMs: 3_000_000_000 } }, 'watch.timeoutMs: must be a whole number of milliseconds from 1 to 2147483647'],
    [{ watch: { flapMaxChanges: -1 } }, 'watch.flapMaxChanges: must be a non-negative integer'],
    [{ policies: [{ name: 'a', on: 'demoted', filter: 'TYPE normal', maxKills: 99999999999999999999 }] }, 'policies[0].maxKills: must be a positive integer'],
    [{ policies: [{ name: 'a', on: 'demoted', filter: 'TYPE normal', batch: { pauseMs: 2 ** 31 } }] }, 'policies[0].batch.pauseMs: must be a whole number of milliseconds from 0 to 2147483647'],
    [{ allowReplication: 'no' }, 'allowReplication: must be true or false'],
    [{ admin: { listen: 'unix:rel.sock' } }, 'admin.listen:'],
    [{ policies: [{ name: 'a', on: 'demoted', filter: 'TYPE normal' }, { name: 'a', on: 'promoted', filter: 'TYPE normal' }] }, 'policies[1].name: duplicate'],
    [{ targets: [{ name: 'a', url: 'redis://127.0.0.1:7000' }, { name: 'b', host: '127.0.0.1', port: 7000 }] }, 'targets[1]: same address as targets[0] (127.0.0.1:7000); list each node once'],
  ])('%j', (extra, problem) => {
    expect(problemsOf({ ...minimal, ...extra }).join('\n')).toContain(problem);
  });

  it('each watch problem is listed once, and a valid value comes back as a number', () => {
    const problems = problemsOf({ ...minimal, watch: { pollIntervalMs: -1, flapMaxChanges: -1 } });
    expect(problems.filter((p) => p.startsWith('watch.pollIntervalMs'))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith('watch.flapMaxChanges'))).toEqual(['watch.flapMaxChanges: must be a non-negative integer (at most 9007199254740991), got -1']);
    expect(validateConfig({ ...minimal, watch: { flapMaxChanges: 0, pollIntervalMs: 2 ** 31 - 1 } }, {}).watch).toMatchObject({ flapMaxChanges: 0, pollIntervalMs: 2 ** 31 - 1 });
  });

  it('a hook-only config (masters as a name filter, no targets) is valid; `run` alone needs something to watch', () => {
    const hookOnly = { masters: ['mym'], policies: [{ name: 'p', on: 'demoted', filter: 'TYPE normal' }] };
    expect(problemsOf(hookOnly)).toEqual([]);
    const cfg = validateConfig(hookOnly, {});
    expect(watchProblems(cfg)).toEqual(['masters: needs at least one entry in sentinels to follow them through']);
    expect(watchProblems(validateConfig({ policies: hookOnly.policies }, {}))).toEqual(['targets: nothing to watch: give targets, sentinels and masters, or clusters']);
    expect(watchProblems(validateConfig(minimal, {}))).toEqual([]);
  });

  it('accepts admin.listen forms and "" (off)', () => {
    for (const listen of ['', '127.0.0.1:0', 'unix:/run/x.sock', '[::1]:9477']) expect(problemsOf({ ...minimal, admin: { listen } })).toEqual([]);
  });
});

describe('loadConfig and configPath', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reconf-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes -c, else RECONF_AGENT_CONFIG, else the default path', () => {
    expect(configPath('a.yaml', { RECONF_AGENT_CONFIG: 'b.yaml' })).toBe('a.yaml');
    expect(configPath(undefined, { RECONF_AGENT_CONFIG: 'b.yaml' })).toBe('b.yaml');
    expect(configPath(undefined, {})).toBe(DEFAULT_CONFIG_PATH);
  });

  it('reads the password file, relative to $CREDENTIALS_DIRECTORY', () => {
    writeFileSync(join(dir, 'pw'), 's3cret\n');
    const path = join(dir, 'c.yaml');
    writeFileSync(path, 'targets: [{ url: "127.0.0.1:7000" }]\nauth: { username: agent, passwordFile: pw }\n');
    expect(loadConfig(path, { CREDENTIALS_DIRECTORY: dir }).auth).toEqual({ username: 'agent', password: 's3cret', passwordFile: join(dir, 'pw') });
  });

  it('a missing file or bad YAML is one problem naming the file', () => {
    expect(() => loadConfig(join(dir, 'missing.yaml'), {})).toThrow(/cannot read: ENOENT/);
    writeFileSync(join(dir, 'bad.yaml'), 'targets: [\n');
    expect(() => loadConfig(join(dir, 'bad.yaml'), {})).toThrow(/not valid YAML/);
  });
});
