import { Redis, type RedisOptions } from 'ioredis';
import { AuthError, ServerRefusedError, UnreachableError } from '../errors.js';
import { MAX_FILE_BYTES, readSmallFile } from '../input/read-file.js';
import { targetLabel, type Target } from './target.js';

export interface TlsFiles {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly servername?: string;
}

export interface ConnectOptions {
  readonly username?: string;
  readonly password?: string;
  readonly tls?: TlsFiles;
  /** Connect and per-command timeout. */
  readonly timeoutMs: number;
  /**
   * A longer per-command timeout than `timeoutMs`, for commands a paused server answers late;
   * false: no per-command timer, the caller bounds each command itself (the daemon's ROLE polls
   * do, measured against the event loop).
   */
  readonly commandTimeoutMs?: number | false;
  /** CLIENT SETNAME for our own connection, so operators can see it in CLIENT LIST. */
  readonly connectionName?: string;
  /** Keep reconnecting (daemon) rather than failing once (CLI). */
  readonly reconnect?: boolean;
}

const readFile = (path: string, what: string): string => readSmallFile(path, what, MAX_FILE_BYTES);

/** ioredis options for a target. RESP2 deliberately: every server we support speaks it the same way. */
export const redisOptions = (t: Target, o: ConnectOptions): RedisOptions => {
  const username = o.username ?? t.username;
  const password = o.password ?? t.password;
  const useTls = t.kind === 'tcp' && t.tls;
  return {
    ...(t.kind === 'unix' ? { path: t.path } : { host: t.host, port: t.port }),
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
    ...(useTls && {
      tls: {
        ...(o.tls?.ca && { ca: readFile(o.tls.ca, 'TLS CA file') }),
        ...(o.tls?.cert && { cert: readFile(o.tls.cert, 'TLS certificate file') }),
        ...(o.tls?.key && { key: readFile(o.tls.key, 'TLS key file') }),
        ...(o.tls?.servername && { servername: o.tls.servername }),
      },
    }),
    protocol: 2,
    // No CLIENT SETINFO: the connection name identifies us, and the documented least-privilege ACL
    // (which must also work on servers without CLIENT SETINFO, such as Redis 7.0) does not allow it.
    disableClientInfo: true,
    lazyConnect: true,
    connectTimeout: o.timeoutMs,
    ...(o.commandTimeoutMs !== false && { commandTimeout: o.commandTimeoutMs ?? o.timeoutMs }),
    enableOfflineQueue: false,
    enableReadyCheck: false,
    maxRetriesPerRequest: o.reconnect ? 1 : 0,
    autoResubscribe: false,
    retryStrategy: o.reconnect ? (times: number) => Math.min(100 * 2 ** Math.min(times, 6), 5000) : () => null,
    ...(o.connectionName && { connectionName: o.connectionName }),
  };
};

const AUTH = /WRONGPASS|NOAUTH|invalid password|invalid username|NOPERM.*(AUTH|HELLO)/i;
/** Node's TLS codes for a server certificate no configured CA vouches for. */
const UNTRUSTED = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE']);

/** Map an ioredis or socket failure to "could not reach", "login refused", "certificate not trusted" or "server said no". */
export const classifyError = (e: unknown, where: string): Error => {
  const msg = e instanceof Error ? e.message : String(e);
  if (AUTH.test(msg)) return new AuthError(`${where}: authentication failed: ${msg}`);
  if (UNTRUSTED.has(String((e as NodeJS.ErrnoException).code))) {
    return new UnreachableError(`${where}: certificate not trusted (${msg}): set --tls-ca / tls.ca to the CA that signed the server's certificate`);
  }
  if ((e as NodeJS.ErrnoException).code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new UnreachableError(`${where}: certificate not for this name (${msg}): connect by a name the certificate holds, or set tls.servername`);
  }
  if (e instanceof Error && e.name === 'ReplyError') return new ServerRefusedError(`${where}: server refused: ${msg}`);
  return new UnreachableError(`${where}: unreachable: ${msg}`);
};

/** Open a connection and fail with a classified error, never a raw stack. */
export const connect = async (t: Target, o: ConnectOptions): Promise<Redis> => {
  const redis = new Redis(redisOptions(t, o));
  let socketError: Error | undefined;
  redis.on('error', (e: Error) => {
    socketError = e; // reported through the failed command or the reconnect loop
  });
  try {
    await redis.connect();
    // ioredis reports a failed AUTH as an event, not a rejection: a PING surfaces it here.
    await redis.ping();
    return redis;
  } catch (e) {
    redis.disconnect();
    throw classifyError(socketError && /closed/i.test(String(e)) ? socketError : e, targetLabel(t));
  }
};
