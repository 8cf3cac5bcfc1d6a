import type { Redis } from 'ioredis';
import { capabilitiesFromDocs, capabilitiesFromVersion, parseInfoServer, type Capabilities, type ServerInfo } from '../plan/capabilities.js';

export interface Probe {
  readonly info: ServerInfo;
  readonly caps: Capabilities;
  /** Our own connection's id (CLIENT ID), to keep it out of every kill. */
  readonly selfId: number;
}

/**
 * Learn what the server is and what its CLIENT KILL accepts: COMMAND DOCS where it
 * answers, else INFO server against the version table.
 */
export const probeServer = async (redis: Redis): Promise<Probe> => {
  const info = parseInfoServer(String(await redis.info('server')));
  const selfId = Number(await redis.call('CLIENT', 'ID'));
  let docs: unknown;
  try {
    docs = await redis.call('COMMAND', 'DOCS', 'client|kill');
  } catch {
    docs = undefined; // Dragonfly, Redis < 7.0, or an ACL without +command|docs: fall back to the table
  }
  const caps: Capabilities = capabilitiesFromDocs(docs, info) ?? capabilitiesFromVersion(info);
  return { info, caps, selfId };
};
