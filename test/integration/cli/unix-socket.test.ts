// Integration tests of unix-socket targets and unix-socket clients against redis-server 7.0: /path, unix:/path and unix:///path targets, ADDR of a socket client, FLAGS U.
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { closeUnixClients, gone, labels, track, trackUnix, type Tracked } from '../../helpers/population.js';
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

  it('FLAGS U (emulated on 7.0) kills the socket clients only, never the CLI on the socket', async () => {
    const res = await runCli(['kill', socket, 'FLAGS', 'U', '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ plan: 'emulated', killed: 2 });
    expect(await gone(server.port, all())).toEqual(labels(viaSocket));
  });

  it('ADDR of a socket client (path:0) matches every client on that socket', async () => {
    const res = await runCli(['kill', server.addr, 'ADDR', 'redis.sock:0']);
    expect(res.code).toBe(0);
    expect(await gone(server.port, all())).toEqual(labels(viaSocket));
  });

  it('IP never matches a socket client (Valkey semantics: port 0 is refused)', async () => {
    const res = await runCli(['kill', server.addr, 'IP', 'redis.sock', '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ plan: 'emulated', killed: 0 });
    expect(await gone(server.port, all())).toEqual([]);
  });

  it('list over the socket shows its socket clients with addr path:0 and flag U', async () => {
    const res = await runCli(['list', `unix:${socket}`, 'NAME', 'via-socket', '--json']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { id: number; addr: string; flags: string }[];
    expect(out.map((c) => c.id).sort()).toEqual(viaSocket.map((t) => t.id).sort());
    for (const c of out) expect(c).toMatchObject({ addr: 'redis.sock:0', flags: 'U' });
  });
});
