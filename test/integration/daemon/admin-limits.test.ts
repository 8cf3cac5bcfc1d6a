// The admin HTTP server under a flood of half-open sockets: connections past the cap are closed as they arrive,
// the rest are dropped once their headers are overdue, and the daemon answers /healthz and /status again at once.
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ADMIN_LIMITS } from '../../../src/admin/server.js';
import { serverAndConfigDir, spawnDaemon } from '../../helpers/daemon.js';
import { waitFor } from '../../helpers/servers.js';

const halfOpen = (port: number, closedAt: Map<Socket, number>): Promise<Socket> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.write('GET /healthz HTTP/1.1\r\nHost: flood\r\n'); // headers never finished
      resolve(s);
    });
    s.on('error', () => undefined);
    s.resume(); // read, so the server's close reaches us

    s.on('close', () => closedAt.set(s, Date.now()));
    // A socket closed before it connected still counts as refused.
    s.on('close', () => resolve(s));
  });

describe('admin server limits', () => {
  const setup = serverAndConfigDir();
  const { files } = setup;

  it('drops half-open sockets past the cap at once and the rest after the header timeout; /healthz answers after', async () => {
    const path = files.write('admin.yaml', { targets: [{ name: 'node', url: setup.server.addr }], watch: { pollIntervalMs: 200 }, admin: { listen: '127.0.0.1:0' } });
    const agent = spawnDaemon(path);
    const listening = String((await agent.waitForLog((l) => l.msg === 'admin server listening', 'the admin server')).listen);
    await agent.waitForLog((l) => l.msg === 'ready: every target polled', 'ready');
    const port = Number(listening.split(':').at(-1));

    const extra = 100;
    const closedAt = new Map<Socket, number>();
    const start = Date.now();
    const sockets = await Promise.all(Array.from({ length: ADMIN_LIMITS.maxConnections + extra }, () => halfOpen(port, closedAt)));
    // Past the cap: closed as they arrive.
    await waitFor(() => closedAt.size >= extra, 3000, `${extra} sockets past the cap to be closed`);
    // The rest: closed once their headers are overdue, not held for minutes.
    const bound = ADMIN_LIMITS.headersTimeoutMs + ADMIN_LIMITS.checkIntervalMs + 3000;
    await waitFor(() => closedAt.size === sockets.length, bound, 'every half-open socket to be dropped');
    expect(Math.max(...closedAt.values()) - start).toBeLessThan(bound);

    const health = await fetch(`http://${listening}/healthz`, { signal: AbortSignal.timeout(2000) });
    expect(await health.text()).toBe('ok\n');
    const status = (await (await fetch(`http://${listening}/status`, { signal: AbortSignal.timeout(2000) })).json()) as { targets: { up: boolean }[] };
    expect(status.targets[0]!.up).toBe(true);
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  });
});
