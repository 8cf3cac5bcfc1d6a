// Integration tests of kill's safety behaviour against the server under test: replication links survive, --dry-run and --max-kills kill nothing, bad input exits 64 and an unreachable target 69, with one line on stderr.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { clientList, gone, labels, track, type Tracked } from '../../helpers/population.js';
import { expectedPlan, probeTestServer } from '../../helpers/server-caps.js';
import { freePort, startReplica, startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';

/** A failure: the exit code, nothing on stdout, and exactly one `reconf-agent: ...` line on stderr (no stack trace). */
/** The JSON audit line a failed kill run left on stderr, if it got as far as running. */
const auditLines = (res: CliResult): Record<string, unknown>[] =>
  res.stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Exit `code`, nothing on stdout, one error line (besides at most one audit line), no stack trace. */
const expectFailure = (res: CliResult, code: number): string => {
  expect(res.code).toBe(code);
  expect(res.stdout).toBe('');
  const lines = res.stderr.split('\n').filter((l) => l.length > 0 && !l.startsWith('{'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^reconf-agent: /);
  expect(auditLines(res).length).toBeLessThanOrEqual(1);
  expect(res.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
};

describe('replication links', () => {
  let master: ServerHandle;
  let replica: ServerHandle;
  const linkOn = async (s: ServerHandle, flag: 'S' | 'M') => (await clientList(s.port)).find((c) => c.flags.includes(flag));

  beforeAll(async () => {
    master = await startServer(['--repl-diskless-sync-delay', '0']);
    replica = await startReplica(master);
  });
  afterAll(stopAll);

  it("a replica's link survives `kill <master> USER default`, though it logged in as default", async () => {
    const link = (await linkOn(master, 'S'))!;
    expect(link.user).toBe('default');
    const clients = await Promise.all([1, 2].map((i) => track(master.port, `c${i}`)));
    const res = await runCli(['kill', master.addr, 'USER', 'default']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(`killed 2 client(s) on ${master.addr}\n`);
    expect(await gone(master.port, clients)).toEqual(['c1', 'c2']);
    expect((await linkOn(master, 'S'))?.id).toBe(link.id);
  });

  it('the link to the master survives an emulated kill on the replica that matches it', async () => {
    const link = (await linkOn(replica, 'M'))!;
    const clients = await Promise.all([1, 2].map((i) => track(replica.port, `r${i}`)));
    // FLAGS with Dragonfly's letter a is emulated on every Redis and Valkey; NOT-FLAGS a matches every client.
    const res = await runCli(['kill', replica.addr, 'NOT-FLAGS', 'a', '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ plan: 'emulated' });
    expect(await gone(replica.port, clients)).toEqual(['r1', 'r2']);
    expect(await linkOn(replica, 'M')).toMatchObject({ id: link.id, laddr: link.laddr });
  });

  it('TYPE replica is refused (exit 64) without --allow-replication, and the link stays', async () => {
    const link = (await linkOn(master, 'S'))!;
    const line = expectFailure(await runCli(['kill', master.addr, 'TYPE', 'replica']), 64);
    expect(line).toContain('--allow-replication');
    expect(expectFailure(await runCli(['kill', replica.addr, 'TYPE', 'master']), 64)).toContain('--allow-replication');
    expect((await linkOn(master, 'S'))?.id).toBe(link.id);
  });

  it('with --allow-replication, TYPE replica drops the link (and the replica reconnects)', async () => {
    const link = (await linkOn(master, 'S'))!;
    const res = await runCli(['kill', master.addr, 'TYPE', 'replica', '--allow-replication']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(`killed 1 client(s) on ${master.addr}\n`);
    expect((await clientList(master.port)).map((c) => c.id)).not.toContain(link.id);
    await waitFor(async () => /slave0:.*state=online/.test(await (await master.client()).info('replication')), 10_000, 'replica back');
  });
});

describe('--dry-run, --max-kills, bad input, unreachable', () => {
  let server: ServerHandle;
  let named: Tracked[];
  let others: Tracked[];

  beforeAll(async () => {
    server = await startServer();
    named = await Promise.all([1, 2, 3, 4, 5].map((i) => track(server.port, `job-${i}`, { name: 'job' })));
    others = await Promise.all([1, 2].map((i) => track(server.port, `other-${i}`, { name: 'other' })));
  });
  afterAll(stopAll);

  it('--dry-run kills nothing and prints the table of what would be killed', async () => {
    const res = await runCli(['kill', server.addr, 'TYPE', 'normal', 'NAME', 'job', '--dry-run']);
    expect(res.code).toBe(0);
    const [header, ...rest] = res.stdout.trimEnd().split('\n');
    expect(header!.split(/\s+/)).toEqual(['id', 'addr', 'type', 'user', 'name', 'age', 'idle', 'flags']);
    const rows = rest.slice(0, -1).map((l) => l.split(/\s+/));
    expect(rows.map((r) => r[0]).sort()).toEqual(named.map((t) => t.id).sort());
    for (const r of rows) expect(r.slice(2, 5)).toEqual(['normal', 'default', 'job']);
    expect(rest.at(-1)).toBe(`dry run: 5 client(s) would be killed on ${server.addr}; nothing was killed`);
    expect(await gone(server.port, [...named, ...others])).toEqual([]);
  });

  it('--dry-run with nothing matching says so', async () => {
    const res = await runCli(['kill', server.addr, 'NAME', 'nobody', '--dry-run']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(`(no matching clients)\ndry run: 0 client(s) would be killed on ${server.addr}; nothing was killed\n`);
  });

  it('--max-kills refuses with exit 75 and kills nothing when more match', async () => {
    const res = await runCli(['kill', server.addr, 'NAME', 'job', '--max-kills', '4']);
    const line = expectFailure(res, 75);
    expect(line).toBe('reconf-agent: refused: 5 clients match, more than --max-kills 4; nothing was killed');
    expect(auditLines(res)).toEqual([expect.objectContaining({ audit: true, refused: true, matched: 5, killed: 0, target: server.addr })]);
    expect(await gone(server.port, [...named, ...others])).toEqual([]);
  });

  it.each<[string[], RegExp]>([
    [['TYPE', 'bogus'], /TYPE 'bogus' is not a client type/],
    [['ID', '0'], /ID needs client ids from 1 to 18446744073709551615/],
    [['MAXAGE', '-5'], /MAXAGE needs a whole number/],
    [['NAME', 'job', 'NAME', 'other'], /NAME is given twice/],
    [['TYPE', 'normal', 'NOT-TYPE', 'normal'], /contradict/],
    [['FROB', 'x'], /unknown filter token 'FROB'/],
    [[], /kill needs a filter/],
    [['NAME', 'job', '--max-kills', 'lots'], /--max-kills must be a positive integer/],
    [['NAME', 'job', '--timeout', '0'], /--timeout must be a whole number of milliseconds from 1 to 2147483647/],
    [['NAME', 'job', '--password-file', '/nonexistent/reconf-agent-test'], /cannot read password file/],
    [['NAME', 'job', '--no-such-flag'], /unknown option/],
  ])('bad input %j exits 64 with one line and kills nothing', async (args, message) => {
    expect(expectFailure(await runCli(['kill', server.addr, ...args]), 64)).toMatch(message);
    expect(await gone(server.port, [...named, ...others])).toEqual([]);
  });

  it('a bad target exits 64', async () => {
    expect(expectFailure(await runCli(['kill', 'no-port-here', 'NAME', 'job']), 64)).toMatch(/target 'no-port-here' is not understood/);
    expect(expectFailure(await runCli(['kill', '127.0.0.1:99999', 'NAME', 'job']), 64)).toMatch(/bad port/);
  });

  it('an unreachable target exits 69', async () => {
    const port = await freePort();
    expect(expectFailure(await runCli(['kill', `127.0.0.1:${port}`, 'NAME', 'job']), 69)).toMatch(/unreachable/);
    expect(expectFailure(await runCli(['list', `127.0.0.1:${port}`]), 69)).toMatch(/unreachable/);
    expect(expectFailure(await runCli(['kill', join(server.dir, 'no.sock'), 'NAME', 'job']), 69)).toMatch(/unreachable/);
  });

  it('a server that refuses the command exits 69 (USER of a user that does not exist)', async () => {
    const res = await runCli(['kill', server.addr, 'USER', 'nosuchuser']);
    expect(expectFailure(res, 69)).toMatch(/No such user 'nosuchuser'/);
    expect(auditLines(res)).toEqual([expect.objectContaining({ audit: true, killed: 0, error: expect.objectContaining({ code: 'SERVER_REFUSED' }) })]);
  });

  it('NOT-USER of a user that does not exist kills no one on every server: the server refuses it (exit 69) where native, our user check (exit 64) where listed', async () => {
    const own = await startServer();
    const plan = expectedPlan(await probeTestServer(own.port), 'NOT-USER');
    const clients = await Promise.all([1, 2].map((i) => track(own.port, `c${i}`)));
    const res = await runCli(['kill', own.addr, 'NOT-USER', 'nosuchuser', '--json']);
    if (plan === 'native') expect(expectFailure(res, 69)).toMatch(/No such user 'nosuchuser'/);
    else expect(expectFailure(res, 64)).toMatch(/NOT-USER 'nosuchuser': .* has no such user, so the filter would select every client; nothing was killed/);
    // a cap makes every server list and evaluate locally: the same check refuses the typo there too
    const capped = await runCli(['kill', own.addr, 'NOT-USER', 'nosuchuser', '--max-kills', '10']);
    expect(expectFailure(capped, 64)).toMatch(/has no such user/);
    expect(await gone(own.port, clients)).toEqual([]);
    // an existing user is fine: everyone else goes
    const ok = await runCli(['kill', own.addr, 'TYPE', 'normal', 'NOT-USER', 'default', '--max-kills', '10', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ killed: 0 });
  });

  it('--max-kills kills when the matches are within the cap, exactly those counted', async () => {
    const res = await runCli(['kill', server.addr, 'NAME', 'job', '--max-kills', '5']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(`killed 5 client(s) on ${server.addr}\n`);
    expect(await gone(server.port, [...named, ...others])).toEqual(labels(named));
  });
});
