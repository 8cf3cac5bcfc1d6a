import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, lstatSync, unlinkSync } from 'node:fs';
import type { Logger } from '../log/logger.js';
import { AdminListenError } from './errors.js';
import { listenText, type ListenAddress } from '../config/listen.js';

/** What the admin endpoints serve; the daemon provides them. */
export interface AdminHandlers {
  ready(): boolean;
  status(): unknown;
  metrics(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export interface AdminServer {
  /** Where it listens, with the real port when port 0 was asked for. */
  readonly address: string;
  close(): Promise<void>;
}

/**
 * What one client may hold of the admin server. Its clients (Prometheus, `status`, probes) send
 * one small GET and read the answer: a connection that sends nothing, or dribbles its headers,
 * is dropped, and no more than `maxConnections` are held at once, so a flood of half-open
 * sockets cannot pin file descriptors or starve /healthz for long.
 */
export const ADMIN_LIMITS = {
  /** The request line and headers must arrive within this. */
  headersTimeoutMs: 5_000,
  /** The whole request must arrive within this. */
  requestTimeoutMs: 10_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** A socket with no traffic either way is destroyed after this. */
  idleTimeoutMs: 10_000,
  /** How often the timeouts above are checked. */
  checkIntervalMs: 1_000,
  /** Connections beyond this are closed as they arrive. */
  maxConnections: 128,
} as const;

const send = (res: ServerResponse, code: number, type: string, body: string): void => {
  res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
};

const route = async (h: AdminHandlers, req: IncomingMessage, res: ServerResponse): Promise<void> => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'only GET\n');
  switch (path) {
    case '/healthz':
      return send(res, 200, 'text/plain', 'ok\n');
    case '/readyz':
      return h.ready() ? send(res, 200, 'text/plain', 'ready\n') : send(res, 503, 'text/plain', 'not ready: some target has not been polled yet\n');
    case '/metrics': {
      const m = await h.metrics();
      return send(res, 200, m.contentType, m.body);
    }
    case '/status':
      return send(res, 200, 'application/json', `${JSON.stringify(h.status(), null, 2)}\n`);
    default:
      return send(res, 404, 'text/plain', 'not found: try /healthz, /readyz, /metrics, /status\n');
  }
};

/** Remove a stale unix socket left by a previous run (only a socket, never another file). */
const clearStaleSocket = (path: string): void => {
  if (existsSync(path) && lstatSync(path).isSocket()) unlinkSync(path);
};

/** Start the admin HTTP server (node:http). Rejects with AdminListenError when it cannot listen. */
export const startAdminServer = async (addr: Exclude<ListenAddress, { kind: 'off' }>, h: AdminHandlers, log: Logger): Promise<AdminServer> => {
  const server = createServer(
    {
      headersTimeout: ADMIN_LIMITS.headersTimeoutMs,
      requestTimeout: ADMIN_LIMITS.requestTimeoutMs,
      keepAliveTimeout: ADMIN_LIMITS.keepAliveTimeoutMs,
      connectionsCheckingInterval: ADMIN_LIMITS.checkIntervalMs,
    },
    (req, res) => {
      route(h, req, res).catch((e: Error) => {
        log.error({ err: e.message, path: req.url }, 'admin request failed');
        if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
      });
    },
  );
  server.maxConnections = ADMIN_LIMITS.maxConnections;
  server.setTimeout(ADMIN_LIMITS.idleTimeoutMs, (socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new AdminListenError(`admin.listen ${listenText(addr)}: cannot listen: ${e.code ?? e.message}`)));
    if (addr.kind === 'unix') {
      clearStaleSocket(addr.path);
      server.listen(addr.path, resolve);
    } else server.listen(addr.port, addr.host, resolve);
  });
  const a = server.address();
  const address = typeof a === 'string' ? `unix:${a}` : a ? listenText({ kind: 'tcp', host: a.address, port: a.port }) : listenText(addr);
  log.info({ listen: address }, 'admin server listening');
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
