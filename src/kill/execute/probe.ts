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
 * Our connection's exact id. CLIENT ID's integer reply arrives as a JavaScript number, exact up
 * to 2^53; above that CLIENT INFO's text (6.2+) gives the exact digits.
 */
export const ownClientId = async (redis: Redis): Promise<ClientId> => {
  const id = Number(await redis.call('CLIENT', 'ID'));
  if (Number.isSafeInteger(id)) return String(id);
  const m = /(?:^|\s)id=(\d+)/.exec(String(await redis.call('CLIENT', 'INFO')));
  if (!m) throw new Error('CLIENT INFO did not name our id');
  return m[1]!;
};

/**
 * Learn what the server is and what its CLIENT KILL accepts: COMMAND DOCS where it
 * answers, else INFO server against the version table.
 */
export const probeServer = async (redis: Redis): Promise<Probe> => {
  const info = parseInfoServer(String(await redis.info('server')));
  const selfId = await ownClientId(redis);
  let docs: unknown;
  try {
    docs = await redis.call('COMMAND', 'DOCS', 'client|kill');
  } catch {
    docs = undefined; // Dragonfly, Redis < 7.0, or an ACL without +command|docs: fall back to the table
  }
  const caps: Capabilities = capabilitiesFromDocs(docs, info) ?? capabilitiesFromVersion(info);
  return { info, caps, selfId };
};
