/** Where the admin HTTP server listens: `host:port`, `[v6]:port`, `unix:/path`, or `""` (off). */
export type ListenAddress = { readonly kind: 'tcp'; readonly host: string; readonly port: number } | { readonly kind: 'unix'; readonly path: string } | { readonly kind: 'off' };

export const LISTEN_FORMS = '"127.0.0.1:9477", "[::1]:9477", "unix:/run/reconf-agent/admin.sock", or "" to turn the admin server off';

/** Parse admin.listen. Pure; throws an Error naming the accepted forms. */
export const parseListen = (s: string): ListenAddress => {
  const v = s.trim();
  if (v === '') return { kind: 'off' };
  if (v.startsWith('unix:')) {
    const path = v.slice(5);
    if (!path.startsWith('/')) throw new Error(`'${s}' needs an absolute socket path; accepted: ${LISTEN_FORMS}`);
    return { kind: 'unix', path };
  }
  const m = /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(v) ?? /^([^\s:/[\]]+):(\d+)$/.exec(v);
  const port = Number(m?.[2]);
  if (!m || port > 65535) throw new Error(`'${s}' is not an address to listen on; accepted: ${LISTEN_FORMS}`);
  return { kind: 'tcp', host: m[1]!, port };
};

/** The address in words, for logs: `127.0.0.1:9477` or `unix:/path`. */
export const listenText = (a: ListenAddress): string =>
  a.kind === 'off' ? 'off' : a.kind === 'unix' ? `unix:${a.path}` : a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
