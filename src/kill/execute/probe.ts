import type { ClientId } from '../filter/client-id.js';
import type { Redis } from 'ioredis';
import { capabilitiesFromDocs, capabilitiesFromVersion, parseInfoServer, type Capabilities, type ServerInfo } from '../plan/capabilities.js';

export interface Probe {
  readonly info: ServerInfo;
  readonly caps: Capabilities;
  /** Our own connection's id (CLIENT ID), to keep it out of every kill. */
  readonly selfId: ClientId;
}

/**
 * Our connection's exact id from CLIENT ID's reply. Its integer arrives as a JavaScript number,
 * exact up to 2^53; above that CLIENT INFO's text (6.2+) gives the exact digits.
 */
const exactClientId = async (redis: Redis, reply: unknown): Promise<ClientId> => {
  const id = Number(reply);
  if (Number.isSafeInteger(id)) return String(id);
  const m = /(?:^|\s)id=(\d+)/.exec(String(await redis.call('CLIENT', 'INFO')));
  if (!m) throw new Error('CLIENT INFO did not name our id');
  return m[1]!;
};

/** Our connection's exact id. */
export const ownClientId = async (redis: Redis): Promise<ClientId> => exactClientId(redis, await redis.call('CLIENT', 'ID'));

/** What the server is (INFO server): its flavor, version and run_id. */
export const probeInfo = async (redis: Redis): Promise<ServerInfo> => parseInfoServer(String(await redis.info('server')));

/**
 * Learn what the server is and what its CLIENT KILL accepts: COMMAND DOCS where it
 * answers, else INFO server against the version table. The three questions go out together:
 * one round trip instead of three.
 */
export const probeServer = async (redis: Redis): Promise<Probe> => {
  const [info, idReply, docs] = await Promise.all([
    probeInfo(redis),
    redis.call('CLIENT', 'ID'),
    // Dragonfly, Redis < 7.0, or an ACL without +command|docs: no docs, the version table instead.
    redis.call('COMMAND', 'DOCS', 'client|kill').catch(() => undefined),
  ]);
  const selfId = await exactClientId(redis, idReply);
  const caps: Capabilities = capabilitiesFromDocs(docs, info) ?? capabilitiesFromVersion(info);
  return { info, caps, selfId };
};
