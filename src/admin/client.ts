import { request } from 'node:http';
import { UnreachableError } from '../errors.js';
import { listenText, type ListenAddress } from '../config/listen.js';

/** GET one admin endpoint and parse its JSON; UnreachableError when no daemon answers there. */
export const fetchAdminJson = (addr: Exclude<ListenAddress, { kind: 'off' }>, path: string, timeoutMs: number): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const where = addr.kind === 'unix' ? { socketPath: addr.path } : { host: addr.host, port: addr.port };
    const fail = (why: string) => reject(new UnreachableError(`admin server at ${listenText(addr)}: ${why} (is \`reconf-agent run\` running with this config?)`));
    const req = request({ ...where, path, method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        if (res.statusCode !== 200) return fail(`GET ${path} answered ${res.statusCode}`);
        try {
          resolve(JSON.parse(body));
        } catch {
          fail(`GET ${path} did not answer JSON`);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => fail(e.code ?? e.message));
    req.end();
  });
