import { UsageError } from '../errors.js';

/** Where a server is and how to log in to it, parsed from a CLI argument or config value. Pure. */
export type Target =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly tls: boolean; readonly username?: string; readonly password?: string }
  | { readonly kind: 'unix'; readonly path: string; readonly username?: string; readonly password?: string };

export const TARGET_FORMS = 'host:port, [ipv6]:port, redis://[user[:pass]@]host:port, rediss://..., or a unix socket path';

const port = (raw: string, input: string): number => {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 65535) throw new UsageError(`target '${input}' has a bad port '${raw}'; accepted: ${TARGET_FORMS}`);
  return n;
};

const fromUrl = (input: string): Target => {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UsageError(`target '${input}' is not a valid URL; accepted: ${TARGET_FORMS}`);
  }
  const creds = {
    ...(url.username && { username: decodeURIComponent(url.username) }),
    ...(url.password && { password: decodeURIComponent(url.password) }),
  };
  if (url.protocol === 'unix:') return { kind: 'unix', path: url.pathname, ...creds };
  if (!url.hostname) throw new UsageError(`target '${input}' has no host; accepted: ${TARGET_FORMS}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { kind: 'tcp', host, port: url.port ? port(url.port, input) : 6379, tls: url.protocol === 'rediss:', ...creds };
};

/** Parse `host:port`, `[v6]:port`, `redis://...`, `rediss://...`, `unix:/path` or `/path`. */
export const parseTarget = (input: string): Target => {
  const s = input.trim();
  if (/^(redis|rediss|unix):\/\//i.test(s) || /^unix:/i.test(s)) {
    if (/^unix:(?!\/\/)/i.test(s)) return { kind: 'unix', path: s.slice(5) };
    if (/^(redis|rediss|unix):\/\//i.test(s)) return fromUrl(s);
  }
  if (s.startsWith('/') || s.startsWith('./')) return { kind: 'unix', path: s };
  const m = /^\[([0-9a-fA-F:.]+)\]:(\w+)$/.exec(s) ?? /^([^\s:/[\]]+):(\w+)$/.exec(s);
  if (!m) throw new UsageError(`target '${input}' is not understood; accepted: ${TARGET_FORMS}`);
  return { kind: 'tcp', host: m[1]!, port: port(m[2]!, input), tls: false };
};

/** A stable display form with no secrets: `host:port`, `[v6]:port` or the socket path. */
export const targetLabel = (t: Target): string =>
  t.kind === 'unix' ? t.path : t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
