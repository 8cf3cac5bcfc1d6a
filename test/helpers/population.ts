// Client populations for kill tests: ACL users, tracked connections (with their server-side ids), and which of them the server still lists.
import { Redis } from 'ioredis';
import { parseClientList, type ClientRecord } from '../../src/kill/filter/client-list.js';
import { redisOptions } from '../../src/target/connect.js';
import { openClient, waitFor } from './servers.js';

/** The password every ACL user made by addUsers gets. */
export const PASSWORD = 'test-pass';

export interface Auth {
  readonly username?: string;
  readonly password?: string;
}

export interface Tracked {
  readonly label: string;
  readonly id: string;
  readonly redis: Redis;
}

const unixClients = new Set<Redis>();

/** Create ACL users with every command, key and channel, password PASSWORD. */
export const addUsers = async (port: number, users: readonly string[], auth: Auth = {}): Promise<void> => {
  const admin = await openClient(port, auth);
  for (const u of users) await admin.call('ACL', 'SETUSER', u, 'reset', 'on', `>${PASSWORD}`, '~*', '&*', '+@all');
  await admin.quit();
};

/** Open a TCP client (closed by stopAll) and learn its id. */
export const track = async (port: number, label: string, opts: Auth & { name?: string; db?: number } = {}): Promise<Tracked> => {
  const redis = await openClient(port, opts);
  return { label, id: String(await redis.call('CLIENT', 'ID')), redis };
};

/** Open a unix-socket client (closed by closeUnixClients) and learn its id; options as the CLI's own connections. */
export const trackUnix = async (path: string, label: string, opts: Auth & { name?: string } = {}): Promise<Tracked> => {
  const { name, ...auth } = opts;
  const redis = new Redis(redisOptions({ kind: 'unix', path }, { timeoutMs: 5000, ...(name && { connectionName: name }), ...auth }));
  redis.on('error', () => undefined);
  unixClients.add(redis);
  await redis.connect();
  return { label, id: String(await redis.call('CLIENT', 'ID')), redis };
};

export const closeUnixClients = (): void => {
  for (const r of unixClients) r.disconnect();
  unixClients.clear();
};

/** The server's CLIENT LIST, read on a fresh connection that quits afterwards. */
export const clientList = async (port: number, auth: Auth = {}): Promise<ClientRecord[]> => {
  const admin = await openClient(port, auth);
  try {
    return parseClientList(String(await admin.call('CLIENT', 'LIST')));
  } finally {
    await admin.quit();
  }
};

/** Labels of the tracked clients the server no longer lists, sorted. */
export const gone = async (port: number, tracked: readonly Tracked[], auth: Auth = {}): Promise<string[]> => {
  const ids = new Set((await clientList(port, auth)).map((c) => c.id));
  return tracked.filter((t) => !ids.has(t.id)).map((t) => t.label).sort();
};

/** Block a client in BLPOP and wait until the server lists it with flag b. */
export const block = async (port: number, t: Tracked, auth: Auth = {}): Promise<void> => {
  t.redis.blpop(`never-pushed-${t.id}`, 0).catch(() => undefined);
  await waitFor(async () => (await clientList(port, auth)).some((c) => c.id === t.id && c.flags.includes('b')), 5000, `client ${t.label} blocked`);
};

/** Labels, sorted, for comparing with gone(). */
export const labels = (tracked: readonly Tracked[]): string[] => tracked.map((t) => t.label).sort();
