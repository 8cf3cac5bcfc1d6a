// Integration tests of unix-socket targets and unix-socket clients: /path, unix:/path and unix:///path targets, ADDR of a socket
// client (as the server lists it: `path:0`, or `[path:0]:0` on Valkey 9.1), FLAGS U, IP never matching a socket client.
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { clientList, closeUnixClients, gone, labels, track, trackUnix, type Tracked } from '../../helpers/population.js';
import { expectedPlan, probeTestServer } from '../../helpers/server-caps.js';
import { startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

describe('unix sockets', () => {
  let server: ServerHandle;
  let socket: string;
  let viaSocket: Tracked[];
  let viaTcp: Tracked[];
  const all = () => [...viaSocket, ...viaTcp];

  beforeEach(async () => {
    // A relative path: the server runs in its own temp dir.
    server = await startServer(['--unixsocket', 'redis.sock', '--unixsocketperm', '700']);
    socket = join(server.dir, 'redis.sock');
    viaSocket = await Promise.all([1, 2].map((i) => trackUnix(socket, `sock-${i}`, { name: 'via-socket' })));
    viaTcp = await Promise.all([1, 2].map((i) => track(server.port, `tcp-${i}`, { name: 'via-tcp' })));
  });
  afterEach(async () => {
    closeUnixClients();
    await stopAll();
  });
  afterAll(stopAll);

  it.each([
    ['a path', (p: string) => p],
    ['unix:/path', (p: string) => `unix:${p}`],
    ['unix:///path', (p: string) => `unix://${p}`],
  ])('kills through %s as the target', async (_form, target) => {
    const res = await runCli(['kill', target(socket), 'NAME', 'via-tcp']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(`killed 2 client(s) on ${socket}\n`);
    expect(await gone(server.port, all())).toEqual(labels(viaTcp));
  });

  /** The addr the server lists for its socket clients. */
  const socketAddr = async (): Promise<string> => (await clientList(server.port)).find((c) => c.id === viaSocket[0]!.id)!.addr;

  it('FLAGS U (emulated where FLAGS is not native) kills the socket clients only, never the CLI on the socket', async () => {
    const res = await runCli(['kill', socket, 'FLAGS', 'U', '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ plan: expectedPlan(await probeTestServer(server.port), 'FLAGS'), killed: 2 });
    expect(await gone(server.port, all())).toEqual(labels(viaSocket));
  });

  it('ADDR of a socket client, as listed (path:0), matches every client on that socket', async () => {
    const addr = await socketAddr();
    expect(['redis.sock:0', '[redis.sock:0]:0']).toContain(addr);
    const res = await runCli(['kill', server.addr, 'ADDR', addr]);
    expect(res.code).toBe(0);
    expect(await gone(server.port, all())).toEqual(labels(viaSocket));
  });

  it('IP never matches a socket client (Valkey semantics: port 0 is refused)', async () => {
    const res = await runCli(['kill', server.addr, 'IP', 'redis.sock', '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ plan: expectedPlan(await probeTestServer(server.port), 'IP'), killed: 0 });
    expect(await gone(server.port, all())).toEqual([]);
  });

  it('list over the socket shows its socket clients with the addr the server lists and flag U', async () => {
    const addr = await socketAddr();
    const res = await runCli(['list', `unix:${socket}`, 'NAME', 'via-socket', '--json']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { id: number; addr: string; flags: string }[];
    expect(out.map((c) => c.id).sort()).toEqual(viaSocket.map((t) => t.id).sort());
    for (const c of out) expect(c).toMatchObject({ addr, flags: 'U' });
  });
});
