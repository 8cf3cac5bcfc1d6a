// Unix socket paths holding spaces and key=value text, on a real server: the server lists them raw in CLIENT LIST
// (`addr=x b=c.sock:0`). A path holding ` b=c` is read whole and its clients are killed like any other; a path holding
// ` fd=1` (a field the server also sends) makes the line readable two ways, so those clients are left alone and the
// run's audit line says `ambiguous: N`.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { clientList, closeUnixClients, track, trackUnix, type Tracked } from '../../helpers/population.js';
import { openClient, startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

/** The ids the server lists, read from its raw reply (the parser would leave ambiguous lines out). */
const listedIds = async (port: number): Promise<Set<string>> => {
  const admin = await openClient(port);
  try {
    const text = String(await admin.call('CLIENT', 'LIST'));
    return new Set(text.split('\n').map((l) => /^id=(\d+) /.exec(l)?.[1]).filter((id): id is string => id !== undefined));
  } finally {
    await admin.quit();
  }
};

const audits = (stderr: string): Record<string, unknown>[] =>
  stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('unix socket paths with key=value text', () => {
  let server: ServerHandle;
  let viaSocket: Tracked[];
  let viaTcp: Tracked[];

  const start = async (socketName: string): Promise<string> => {
    // A relative path: the server runs in its own temp dir, and lists the path as given.
    server = await startServer(['--unixsocket', socketName, '--unixsocketperm', '700']);
    const socket = join(server.dir, socketName);
    viaSocket = await Promise.all([1, 2].map((i) => trackUnix(socket, `sock-${i}`, { name: 'app' })));
    viaTcp = await Promise.all([1, 2].map((i) => track(server.port, `tcp-${i}`, { name: 'app' })));
    return socket;
  };
  afterEach(async () => {
    closeUnixClients();
    await stopAll();
  });

  it("reads a path holding ' b=c' whole: addr, laddr and user as listed, and its clients are killed", async () => {
    await start('x b=c.sock');
    const socketClient = (await clientList(server.port)).find((c) => c.id === viaSocket[0]!.id);
    expect(socketClient).toBeDefined();
    expect(socketClient!.addr).toContain('x b=c.sock:0');
    expect(socketClient!.laddr).toContain('x b=c.sock:0');
    expect(socketClient!.user).toBe('default');
    // --max-kills makes every server list the clients and match them here.
    const res = await runCli(['kill', server.addr, 'NAME', 'app', '--max-kills', '10']);
    expect(res.code).toBe(0);
    expect(audits(res.stderr)).toEqual([expect.objectContaining({ matched: 4, killed: 4 })]);
    expect(audits(res.stderr)[0]!.ambiguous).toBeUndefined();
    const left = await listedIds(server.port);
    expect([...viaSocket, ...viaTcp].filter((t) => left.has(t.id))).toEqual([]);
  });

  it("leaves clients on a path holding ' fd=1' alone and says so: ambiguous 2 in the audit line", async () => {
    await start('x fd=1.sock');
    const res = await runCli(['kill', server.addr, 'NAME', 'app', '--max-kills', '10']);
    expect(res.code).toBe(0);
    expect(audits(res.stderr)).toEqual([expect.objectContaining({ matched: 2, killed: 2, ambiguous: 2 })]);
    const left = await listedIds(server.port);
    expect(viaSocket.every((t) => left.has(t.id))).toBe(true);
    expect(viaTcp.some((t) => left.has(t.id))).toBe(false);
  });

  it('says so in the readable audit line too', async () => {
    await start('x fd=1.sock');
    const res = await runCli(['kill', server.addr, 'NAME', 'app', '--max-kills', '10', '--dry-run', '--log-format', 'text']);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/dry run: would kill 2 clients .*; 2 ambiguous CLIENT LIST lines left alone/);
  });
});
