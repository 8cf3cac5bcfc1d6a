// Fuzz test of the built CLI (dist/; `npm run build` first): generated arguments for list, kill, reconfigure and
// hook, and generated config files for check-config. Every run exits with a documented code, never 70, never
// with a stack trace, and never writes a secret that was in its input. Bounded: 40 runs, 4 at a time (endOnFailure: a
// failure is reported as found, not shrunk at the cost of more runs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { createServer, type Server } from 'node:net';

/** Every secret starts with this, and nothing else generated holds it. */
const MARK = 'Zq9';
const secret = fc.stringMatching(/^[A-Za-z0-9!$&*+=~._-]{1,12}$/).map((s) => `${MARK}${s}`);
const EXITS = { cli: [0, 64, 69, 75, 78], hook: [0, 1, 2] } as const;

interface Case {
  readonly args: string[];
  readonly secrets: string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** The run ended as documented and gave nothing away. */
const sane = (c: Case, res: CliResult, exits: readonly number[]): void => {
  const out = `${res.stdout}${res.stderr}`;
  expect(exits, `exit ${res.code} for ${JSON.stringify(c.args)}: ${res.stderr}`).toContain(res.code);
  expect(out, JSON.stringify(c.args)).not.toMatch(/\n\s+at |internal error|TimeoutOverflowWarning|URIError/);
  for (const s of c.secrets) expect(out, `secret echoed for ${JSON.stringify(c.args)}`).not.toContain(s);
};

describe('CLI fuzz', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reconf-fuzz-'));
  const files: Record<string, string> = {};
  let closed: number;
  let sink: Server;
  beforeAll(async () => {
    // A port held by this test that hangs up on every connection: every well-formed target is
    // unreachable (69) at once, and no server the test did not start can ever be reached.
    sink = createServer((s) => s.destroy());
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    closed = (sink.address() as { port: number }).port;
    files.fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [files.fifo]);
    files.dir = join(dir, 'a-dir');
    mkdirSync(files.dir);
    files.empty = join(dir, 'empty');
    writeFileSync(files.empty, '');
    files.missing = join(dir, 'missing');
  });
  afterAll(() => {
    sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Only the sink's address: a name or ::1 could reach some other process on that port. */
  const host = () => fc.constant('127.0.0.1');
  /** A target as a user might type it, a secret in it or not. */
  const target = (): fc.Arbitrary<{ text: string; secrets: string[] }> =>
    fc.oneof(
      host().map((h) => ({ text: `${h}:${closed}`, secrets: [] })),
      fc.tuple(fc.constantFrom('redis://', 'rediss://', 'unix://', 'http://'), fc.constantFrom('u', '', 'app'), secret, host(), fc.constantFrom(String(closed), '65536', '0', 'x'), fc.constantFrom('', '%GG', '%'))
        .map(([s, u, pw, h, p, esc]) => ({ text: `${s}${u}:${pw}${esc}@${h}:${p}`, secrets: [pw] })),
      fc.tuple(secret, host()).map(([pw, h]) => ({ text: `${pw}@${h}:${closed}`, secrets: [pw] })),
      fc.tuple(secret, secret, host()).map(([u, pw, h]) => ({ text: `${u}:${pw}@${h}:${closed}`, secrets: [u, pw] })),
      fc.stringMatching(/^[ -~]{0,20}$/).map((text) => ({ text, secrets: [] })),
    );
  const number = fc.oneof(
    fc.integer({ min: -5, max: 3_000_000_000 }).map(String),
    fc.constantFrom('2147483647', '2147483648', '99999999999999', '99999999999999999999', '1e3', '1.5', '', 'lots'),
  );
  const file = () => fc.constantFrom('fifo', 'dir', 'empty', 'missing').map((k) => files[k]!);
  const flag = fc.oneof(
    number.map((n) => ['--timeout', n]),
    number.map((n) => ['--max-kills', n]),
    file().map((f) => ['--password-file', f]),
    file().map((f) => ['--tls-ca', f]),
    fc.constantFrom(['--json'], ['--dry-run'], ['--explain'], ['--allow-sentinel'], ['--allow-replication'], ['--user', 'ops'], ['--bogus']),
  );
  const filterTokens = fc.array(
    fc.oneof(fc.constantFrom('TYPE', 'normal', 'pubsub', 'master', 'NAME', 'app', 'USER', 'IDLE', 'MAXAGE', '60', '0', '-1', '99999999999999999999', 'ID', 'SKIPME', 'no', 'NOT-NAME', 'FLAGS', 'N'), fc.stringMatching(/^[!-~]{1,8}$/)),
    { maxLength: 6 },
  );

  const oneShot: fc.Arbitrary<Case> = fc
    .tuple(fc.constantFrom('list', 'kill'), target(), filterTokens, fc.array(flag, { maxLength: 3 }), fc.option(secret))
    .map(([cmd, t, filter, flags, envPw]) => ({
      args: [cmd, t.text, ...filter, ...flags.flat()],
      secrets: [...t.secrets, ...(envPw ? [envPw] : [])],
      env: { REDISCLI_AUTH: envPw ?? '' },
    }));

  const configFile = (name: string, doc: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof doc === 'string' ? doc : stringify(doc));
    return path;
  };

  /** A config document: plausible keys with wild values, secrets in URLs. */
  const configDoc = fc
    .tuple(
      fc.array(target(), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('pollIntervalMs', 'timeoutMs', 'flapMaxChanges', 'flapWindowMs', 'dedupeWindowMs', 'discoveryIntervalMs', 'bogus'), fc.oneof(fc.integer({ min: -2, max: 4_000_000_000 }), fc.double(), fc.string({ maxLength: 4 }))),
      fc.array(fc.record({ name: fc.constantFrom('p', 'q'), on: fc.constantFrom('demoted', 'promoted', 'failover'), filter: filterTokens.map((t) => t.join(' ')), maxKills: fc.oneof(fc.integer({ min: -1, max: 10 }), fc.constant(1e20)) }, { requiredKeys: ['name', 'on'] }), { maxLength: 2 }),
      fc.option(file()),
      fc.constantFrom('', '127.0.0.1:0', '9477', 'unix:rel.sock'),
    )
    .map(([targets, watch, policies, passwordFile, listen]) => ({
      doc: { targets: targets.map((t) => ({ url: t.text })), watch, policies, ...(passwordFile && { auth: { passwordFile } }), admin: { listen } },
      secrets: targets.flatMap((t) => t.secrets),
    }));

  const concurrently = async <T>(cases: readonly T[], run: (c: T, i: number) => Promise<void>): Promise<void> => {
    await Promise.all(cases.map(run));
  };

  it('list and kill with generated targets, filters and flags', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(oneShot, { minLength: 4, maxLength: 4 }), (cases) =>
        concurrently(cases, async (c) => sane(c, await runCli(c.args, { env: c.env ?? {}, timeoutMs: 20_000 }), EXITS.cli)),
      ),
      { numRuns: 4, endOnFailure: true },
    );
  }, 90_000);

  it('reconfigure and hook with generated arguments', async () => {
    const cfg = configFile('policies.yaml', { policies: [{ name: 'p', on: 'demoted', filter: 'TYPE normal NAME nobody' }, { name: 'q', on: 'promoted', filter: 'TYPE normal NAME nobody' }] });
    const reconfigure = fc.tuple(target(), fc.array(fc.constantFrom('demoted', 'promoted', 'failover', ''), { minLength: 0, maxLength: 2 })).map(([t, events]): Case => ({
      args: ['reconfigure', '--target', t.text, ...events.flatMap((e) => ['--event', e]), '-c', cfg],
      secrets: t.secrets,
    }));
    const hook = fc.tuple(fc.constantFrom('m', ''), fc.constantFrom('leader', 'observer', 'boss'), fc.constantFrom('start', 'end'), target(), fc.oneof(fc.constant(String(closed)), number), fc.boolean()).map(([m, role, state, t, port, leader]): Case => ({
      args: ['hook', m, role, state, t.text, port, '127.0.0.1', String(closed), '-c', cfg, ...(leader ? ['--leader-only'] : [])],
      secrets: t.secrets,
    }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(reconfigure.map((c) => ({ c, exits: EXITS.cli })), hook.map((c) => ({ c, exits: EXITS.hook }))), { minLength: 4, maxLength: 4 }), (cases) =>
        concurrently(cases, async ({ c, exits }) => sane(c, await runCli(c.args, { env: { REDISCLI_AUTH: '' }, timeoutMs: 20_000 }), exits)),
      ),
      { numRuns: 3, endOnFailure: true },
    );
  }, 90_000);

  it('check-config with generated YAML', async () => {
    const text = fc.oneof(
      configDoc,
      fc.string({ maxLength: 40 }).map((t) => ({ doc: t, secrets: [] as string[] })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 4, maxLength: 4 }), (cases) =>
        concurrently(cases, async ({ doc, secrets }, i) => {
          const path = configFile(`fuzz-${i}.yaml`, doc);
          sane({ args: ['check-config', '-c', path], secrets }, await runCli(['check-config', '-c', path], { env: { CREDENTIALS_DIRECTORY: '' }, timeoutMs: 20_000 }), [0, 78]);
        }),
      ),
      { numRuns: 3, endOnFailure: true },
    );
  }, 90_000);
});
