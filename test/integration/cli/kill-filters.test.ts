// Integration tests against the server under test: each filter every server runs natively (USER, TYPE, ADDR, LADDR, ID, the old ip:port form) kills exactly the right connections.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { addUsers, gone, labels, PASSWORD, track, type Tracked } from '../../helpers/population.js';
import { expectedPlan, probeTestServer } from '../../helpers/server-caps.js';
import { startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

describe('kill with native filters', () => {
  let server: ServerHandle;
  /** 8 normal clients (5 of user app, 3 of default) and 2 subscribers (one of each user). */
  let apps: Tracked[];
  let defaults: Tracked[];
  let subApp: Tracked;
  let subDefault: Tracked;
  const all = () => [...apps, ...defaults, subApp, subDefault];

  beforeEach(async () => {
    server = await startServer();
    await addUsers(server.port, ['app']);
    const app = { username: 'app', password: PASSWORD };
    apps = await Promise.all([1, 2, 3, 4, 5].map((i) => track(server.port, `app-${i}`, { ...app, name: `app-${i}` })));
    defaults = await Promise.all([1, 2, 3].map((i) => track(server.port, `default-${i}`)));
    subApp = await track(server.port, 'sub-app', app);
    subDefault = await track(server.port, 'sub-default');
    await subApp.redis.subscribe('orders');
    await subDefault.redis.psubscribe('orders.*');
  });
  afterEach(stopAll);

  const kill = async (...filter: string[]) => {
    const res = await runCli(['kill', server.addr, ...filter]);
    expect(res.stderr).not.toMatch(/reconf-agent: /);
    expect(res.code).toBe(0);
    return res;
  };

  it('TYPE normal USER app kills the 5 normal clients of app, not its subscriber', async () => {
    const res = await kill('TYPE', 'normal', 'USER', 'app');
    expect(res.stdout).toBe(`killed 5 client(s) on ${server.addr}\n`);
    expect(await gone(server.port, all())).toEqual(labels(apps));
  });

  it('USER app without TYPE kills the normal clients and the subscriber of app', async () => {
    const res = await kill('USER', 'app');
    expect(res.stdout).toBe(`killed 6 client(s) on ${server.addr}\n`);
    expect(await gone(server.port, all())).toEqual(labels([...apps, subApp]));
  });

  it('TYPE pubsub kills both subscribers', async () => {
    await kill('TYPE', 'pubsub');
    expect(await gone(server.port, all())).toEqual(['sub-app', 'sub-default']);
  });

  it('TYPE normal kills every normal client but the CLI itself', async () => {
    const res = await kill('type', 'NORMAL');
    expect(res.stdout).toBe(`killed 8 client(s) on ${server.addr}\n`);
    expect(await gone(server.port, all())).toEqual(labels([...apps, ...defaults]));
  });

  it('ADDR kills the one client at that address; the old form ip:port does the same', async () => {
    const addrOf = async (t: Tracked) => String(await t.redis.call('CLIENT', 'INFO')).match(/ addr=(\S+)/)![1]!;
    await kill('ADDR', await addrOf(defaults[1]!));
    expect(await gone(server.port, all())).toEqual(['default-2']);
    await kill(await addrOf(apps[0]!));
    expect(await gone(server.port, all())).toEqual(['app-1', 'default-2']);
  });

  it('LADDR kills everything connected to that local address', async () => {
    await kill('LADDR', server.addr);
    expect(await gone(server.port, all())).toEqual(labels(all()));
  });

  it('ID with several ids kills each of them (one command per id and type where ID takes one id)', async () => {
    const { caps } = await probeTestServer(server.port);
    const res = await runCli(['kill', server.addr, 'ID', String(apps[1]!.id), String(defaults[2]!.id), String(subApp.id), '--json']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { killed: number; commands: string[] };
    expect(out.killed).toBe(3);
    expect(out.commands).toHaveLength((caps.multiId ? 1 : 3) * 2); // TYPE normal and TYPE pubsub
    expect(await gone(server.port, all())).toEqual(['app-2', 'default-3', 'sub-app']);
  });

  it('SKIPME no (native, split by type) kills the subscribers too, and the CLI itself last', async () => {
    const res = await runCli(['kill', server.addr, 'USER', 'default', 'SKIPME', 'no', '--json']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { plan: string; killed: number; commands: string[] };
    expect(out.plan).toBe('native');
    expect(out.commands.at(-1)).toBe('CLIENT KILL USER default TYPE normal SKIPME no');
    expect(out.killed).toBe(5);
    expect(await gone(server.port, all())).toEqual(labels([...defaults, subDefault]));
  });

  it('SKIPME no with FLAGS N (emulated where FLAGS is not native) kills every match and the CLI itself last', async () => {
    const probe = await probeTestServer(server.port);
    const plan = probe.caps.flagsNBug ? 'emulated' : expectedPlan(probe, 'FLAGS');
    const res = await runCli(['kill', server.addr, 'FLAGS', 'N', 'SKIPME', 'no', '--json']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { plan: string; matched: number; killed: number };
    expect(out).toMatchObject({ plan, killed: 9 });
    expect(await gone(server.port, all())).toEqual(labels([...apps, ...defaults]));
  });

  it('a filter that matches nothing exits 0 having killed nothing', async () => {
    const res = await kill('TYPE', 'normal', 'USER', 'app', 'ADDR', '127.0.0.1:1');
    expect(res.stdout).toBe(`killed 0 client(s) on ${server.addr}\n`);
    expect(await gone(server.port, all())).toEqual([]);
  });
});
