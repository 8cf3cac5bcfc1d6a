import { UsageError } from '../errors.js';
import { quoteInput } from '../log/redact.js';

/** Where a server is and how to log in to it, parsed from a CLI argument or config value. Pure. */
export type Target =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly tls: boolean; readonly username?: string; readonly password?: string }
  | { readonly kind: 'unix'; readonly path: string; readonly username?: string; readonly password?: string };

/** Said without an at-sign, which the redaction rule would take for credentials. */
export const TARGET_FORMS = 'host:port, [ipv6]:port, a redis:// or rediss:// URL (credentials as user:password before the host), or a unix socket path';

/** Every refusal names the input (secrets redacted) and the accepted forms. */
const bad = (input: string, what: string): never => {
  throw new UsageError(`target ${quoteInput(input)} ${what}; accepted: ${TARGET_FORMS}`);
};

const port = (raw: string, input: string): number => {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 65535) bad(input, `has a bad port '${raw}' (1-65535)`);
  return n;
};

/** A user name or password from a URL, percent-decoded; a bad escape is the user's mistake, not a crash. */
const decoded = (raw: string, what: string, input: string): string => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return bad(input, `has a bad percent-escape in its ${what} (write % as %25)`);
  }
};

const fromUrl = (input: string): Target => {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return bad(input, 'is not a valid URL');
  }
  const creds = {
    ...(url.username && { username: decoded(url.username, 'user name', input) }),
    ...(url.password && { password: decoded(url.password, 'password', input) }),
  };
  if (url.protocol === 'unix:') return { kind: 'unix', path: url.pathname, ...creds };
  if (!url.hostname) bad(input, 'has no host');
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
  // `app:pw@host:port` without a scheme: never sent anywhere, not even to a DNS lookup.
  if (s.includes('@')) bad(input, 'has credentials but no redis:// scheme');
  const m = /^\[([0-9a-fA-F:.]+)\]:(\w+)$/.exec(s) ?? /^([^\s:/[\]]+):(\w+)$/.exec(s);
  if (!m) return bad(input, 'is not understood');
  return { kind: 'tcp', host: m[1]!, port: port(m[2]!, input), tls: false };
};

/** A stable display form with no secrets: `host:port`, `[v6]:port` or the socket path. */
export const targetLabel = (t: Target): string =>
  t.kind === 'unix' ? t.path : t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
