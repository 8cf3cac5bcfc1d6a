// The `clusters` config key: defaults (name from the first seed, refresh every 10 s), a cluster alone is
// enough to run, seeds' passwords redacted, and every problem (empty or missing seeds, bad URLs, unix
// sockets, names, intervals, unknown keys) reported at once with its key path, like every config problem.
import { describe, expect, it } from 'vitest';
import { validateConfig, watchProblems } from '../../../src/config/load.js';
import { effectiveConfig } from '../../../src/config/redact.js';
import { ConfigError } from '../../../src/errors.js';

const problemsOf = (doc: unknown): string[] => {
  try {
    validateConfig(doc, {});
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
};

describe('clusters', () => {
  it('fills in the name and refresh interval, and is enough to run', () => {
    const cfg = validateConfig({ clusters: [{ seeds: ['10.0.0.5:7000', 'rediss://ops:s3cret@10.0.0.6:7000'] }] }, {});
    expect(cfg.clusters).toEqual([
      {
        name: '10.0.0.5:7000',
        refreshIntervalMs: 10000,
        seeds: [
          { kind: 'tcp', host: '10.0.0.5', port: 7000, tls: false },
          { kind: 'tcp', host: '10.0.0.6', port: 7000, tls: true, username: 'ops', password: 's3cret' },
        ],
      },
    ]);
    expect(watchProblems(cfg)).toEqual([]);
    expect(JSON.stringify(effectiveConfig(cfg))).not.toContain('s3cret');
    expect(effectiveConfig(cfg).clusters).toEqual([{ name: '10.0.0.5:7000', refreshIntervalMs: 10000, seeds: ['redis://10.0.0.5:7000', 'rediss://ops:(redacted)@10.0.0.6:7000'] }]);
  });

  it('keeps a given name and interval', () => {
    const cfg = validateConfig({ clusters: [{ name: 'cache', seeds: ['redis://10.0.0.5:7000'], refreshIntervalMs: 500 }] }, {});
    expect(cfg.clusters[0]).toMatchObject({ name: 'cache', refreshIntervalMs: 500 });
  });

  it.each([
    ['empty seeds', { clusters: [{ seeds: [] }] }, ['clusters[0].seeds: required, a non-empty list of seed nodes']],
    ['no seeds', { clusters: [{ name: 'c' }] }, ['clusters[0].seeds: required, a non-empty list of seed nodes']],
    ['a bad URL', { clusters: [{ seeds: ['redis://10.0.0.5:99999'] }] }, ["clusters[0].seeds[0]: target 'redis://10.0.0.5:99999' is not a valid URL"]],
    ['a bad port', { clusters: [{ seeds: ['10.0.0.5:0'] }] }, ["clusters[0].seeds[0]: target '10.0.0.5:0' has a bad port '0'"]],
    ['garbage', { clusters: [{ seeds: ['not a url'] }] }, ["clusters[0].seeds[0]: target 'not a url' is not understood"]],
    ['a unix socket', { clusters: [{ seeds: ['/run/redis.sock'] }] }, ["clusters[0].seeds[0]: '/run/redis.sock' is a unix socket: cluster nodes talk TCP"]],
    ['a non-string seed', { clusters: [{ seeds: [7000] }] }, ['clusters[0].seeds[0]: must be a non-empty string']],
    ['a zero interval', { clusters: [{ seeds: ['h:1'], refreshIntervalMs: 0 }] }, ['clusters[0].refreshIntervalMs: must be a whole number of milliseconds from 100 to 2147483647, got 0']],
    ['a name with a slash', { clusters: [{ name: 'a/b', seeds: ['h:1'] }] }, ['clusters[0].name: must be a non-empty string without "/"']],
    ['an unknown key', { clusters: [{ seeds: ['h:1'], seed: 'h:2' }] }, ['clusters[0].seed: unknown key; accepted: name, seeds, refreshIntervalMs']],
    ['a duplicate name', { clusters: [{ seeds: ['h:1'] }, { seeds: ['h:1', 'h:2'] }] }, ["clusters[1].name: duplicate cluster name 'h:1'"]],
    ['not a list', { clusters: { seeds: ['h:1'] } }, ['clusters: must be a list']],
    ['not an object', { clusters: ['h:1'] }, ['clusters[0]: must be an object']],
  ])('reports %s with its key path', (_, doc, expected) => {
    const problems = problemsOf(doc);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(problems[i]).toContain(e));
  });

  it('reports the problems of several clusters at once', () => {
    expect(problemsOf({ clusters: [{ seeds: [] }, { seeds: ['redis://:0'] }] })).toHaveLength(2);
  });
});
