// Integration tests of IDLE, MAXAGE, NAME, DB, FLAGS, LIB-NAME: emulated where the server lacks them (all of
// them on Redis 7.0), native where it has them, and either way they kill exactly what Valkey 9 semantics select.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { block, clientList, gone, labels, track, type Tracked } from '../../helpers/population.js';
import { expectedPlan, probeTestServer, serverName } from '../../helpers/server-caps.js';
import { startReplica, startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

interface KillJson {
  plan: string;
  matched: number;
  killed: number;
  commands: string[];
  clients: { id: number }[];
}

const killJson = async (server: ServerHandle, ...filter: string[]): Promise<KillJson> => {
  const res = await runCli(['kill', server.addr, ...filter, '--json']);
  expect(res.stderr).not.toMatch(/reconf-agent: /);
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout) as KillJson;
};

describe('IDLE and MAXAGE (real waiting)', () => {
  /** Longer than the CLI takes to start on a busy machine, so the young clients stay younger than this. */
  const SECONDS = 5;
  let idleServer: ServerHandle;
  let ageServer: ServerHandle;
  let sleepers: Tracked[];
  let active: Tracked[];
  let old: Tracked[];
  let young: Tracked[];

  beforeAll(async () => {
    [idleServer, ageServer] = await Promise.all([startServer(), startServer(['--repl-diskless-sync-delay', '0'])]);
    await startReplica(ageServer);
    sleepers = await Promise.all(['sleeper-1', 'sleeper-2', 'sleeper-sub', 'sleeper-blocked'].map((l) => track(idleServer.port, l)));
    active = await Promise.all(['active-1', 'active-2', 'active-sub'].map((l) => track(idleServer.port, l)));
    await sleepers[2]!.redis.subscribe('ch');
    await active[2]!.redis.subscribe('ch');
    await block(idleServer.port, sleepers[3]!);
    old = await Promise.all(['old-1', 'old-2', 'old-sub'].map((l) => track(ageServer.port, l)));
    await old[2]!.redis.subscribe('ch');
    // Let the clients above grow idle and old past the threshold.
    await sleep(SECONDS * 1000 + 200);
  }, 30_000);
  afterAll(stopAll);

  it('IDLE kills the clients idle at least that long, not the ones that keep running commands', async () => {
    await Promise.all(active.map((t) => t.redis.ping()));
    // Keep the active ones busy however long the CLI takes to start.
    const busy = setInterval(() => active.forEach((t) => void t.redis.ping().catch(() => undefined)), 200);
    const out = await killJson(idleServer, 'IDLE', String(SECONDS)).finally(() => clearInterval(busy));
    expect(out.plan).toBe(expectedPlan(await probeTestServer(idleServer.port), 'IDLE'));
    expect(out).toMatchObject({ matched: 4, killed: 4 });
    // An emulated run lists the clients it matched; a native one has only the server's count.
    if (out.plan === 'emulated') expect(out.clients.map((c) => c.id).sort()).toEqual(sleepers.map((t) => t.id).sort());
    expect(await gone(idleServer.port, [...sleepers, ...active])).toEqual(labels(sleepers));
  });

  it('MAXAGE kills the connections at least that old, not the young ones nor the replica link', async () => {
    // Young clients are made here, right before the kill, so a slow earlier test cannot age them.
    young = await Promise.all(['young-1', 'young-2', 'young-sub'].map((l) => track(ageServer.port, l)));
    await young[2]!.redis.subscribe('ch');
    const listed = await clientList(ageServer.port);
    const link = listed.find((c) => c.flags === 'S')!;
    // The old clients' age now (at least SECONDS, plus however long the IDLE test took): the young ones
    // must stay younger than that while the CLI starts, which on a loaded machine can take SECONDS.
    const maxAge = Math.min(...listed.filter((c) => old.some((t) => t.id === c.id)).map((c) => c.age));
    expect(maxAge).toBeGreaterThanOrEqual(SECONDS);
    expect(link.age).toBeGreaterThanOrEqual(maxAge);
    const out = await killJson(ageServer, 'MAXAGE', String(maxAge));
    expect(out.plan).toBe(expectedPlan(await probeTestServer(ageServer.port), 'MAXAGE'));
    expect(out).toMatchObject({ matched: 3, killed: 3 });
    expect(await gone(ageServer.port, [...old, ...young])).toEqual(labels(old));
    expect((await clientList(ageServer.port)).map((c) => c.id)).toContain(link.id);
  });
});

describe('NAME, DB, FLAGS and LIB-NAME', () => {
  let server: ServerHandle;
  let all: Tracked[];
  const by = (...l: string[]) => all.filter((t) => l.includes(t.label));

  beforeEach(async () => {
    server = await startServer();
    const port = server.port;
    all = await Promise.all([
      track(port, 'worker-a', { name: 'worker' }),
      track(port, 'worker-b', { name: 'worker' }),
      track(port, 'worker-2', { name: 'worker-2' }),
      track(port, 'plain'),
      track(port, 'db3-named', { name: 'reporting', db: 3 }),
      track(port, 'db3', { db: 3 }),
      track(port, 'blocked-1'),
      track(port, 'blocked-2'),
      track(port, 'multi'),
      track(port, 'sub'),
    ]);
    await by('sub')[0]!.redis.subscribe('ch');
    await by('multi')[0]!.redis.call('MULTI');
    for (const t of by('blocked-1', 'blocked-2')) await block(port, t);
  });
  afterEach(stopAll);

  it('NAME kills the clients with exactly that name', async () => {
    const out = await killJson(server, 'NAME', 'worker');
    expect(out).toMatchObject({ plan: expectedPlan(await probeTestServer(server.port), 'NAME'), killed: 2 });
    expect(await gone(server.port, all)).toEqual(['worker-a', 'worker-b']);
  });

  it('DB kills the clients on that database', async () => {
    expect(await killJson(server, 'DB', '3')).toMatchObject({ plan: expectedPlan(await probeTestServer(server.port), 'DB'), killed: 2 });
    expect(await gone(server.port, all)).toEqual(['db3', 'db3-named']);
  });

  it('FLAGS b kills the blocked clients, FLAGS x the one in MULTI, FLAGS P the subscriber', async () => {
    expect(await killJson(server, 'FLAGS', 'b')).toMatchObject({ plan: expectedPlan(await probeTestServer(server.port), 'FLAGS'), killed: 2 });
    expect(await gone(server.port, all)).toEqual(['blocked-1', 'blocked-2']);
    expect(await killJson(server, 'FLAGS', 'x')).toMatchObject({ killed: 1 });
    expect(await killJson(server, 'FLAGS', 'P')).toMatchObject({ killed: 1 });
    expect(await gone(server.port, all)).toEqual(['blocked-1', 'blocked-2', 'multi', 'sub']);
  });

  it('FLAGS N kills the clients with no flags at all, never the CLI itself', async () => {
    const probe = await probeTestServer(server.port);
    const plan = probe.caps.flagsNBug ? 'emulated' : expectedPlan(probe, 'FLAGS');
    expect(await killJson(server, 'FLAGS', 'N')).toMatchObject({ plan, killed: 6 });
    expect(await gone(server.port, all)).toEqual(['db3', 'db3-named', 'plain', 'worker-2', 'worker-a', 'worker-b']);
  });

  it('LIB-NAME kills the clients whose lib-name is exactly that (none on 7.0, which has no CLIENT SETINFO); NOT-LIB-NAME the others', async () => {
    const probe = await probeTestServer(server.port);
    const plan = expectedPlan(probe, 'LIB-NAME');
    const explain = await runCli(['kill', server.addr, 'LIB-NAME', 'ioredis', '--explain', '--dry-run']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain(`plan: ${plan}`);
    if (plan === 'emulated') expect(explain.stdout).toContain(`because LIB-NAME is not a CLIENT KILL filter on ${serverName(probe)}`);
    const ids = new Map((await clientList(server.port)).map((c) => [c.id, c.libName]));
    const ioredis = all.filter((t) => ids.get(t.id) === 'ioredis');
    expect(await killJson(server, 'LIB-NAME', 'ioredis')).toMatchObject({ plan, killed: ioredis.length });
    expect(await gone(server.port, all)).toEqual(labels(ioredis));
    const rest = all.filter((t) => !ioredis.includes(t));
    expect(await killJson(server, 'NOT-LIB-NAME', 'ioredis')).toMatchObject({ killed: rest.length });
    expect(await gone(server.port, all)).toEqual(labels(all));
  });

  it('combines an emulated clause with native ones: TYPE normal NAME worker DB 0', async () => {
    expect(await killJson(server, 'TYPE', 'normal', 'NAME', 'worker', 'DB', '0')).toMatchObject({ killed: 2 });
    expect(await gone(server.port, all)).toEqual(['worker-a', 'worker-b']);
  });
});
