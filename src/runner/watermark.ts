import type { ClientId } from '../kill/filter/client-id.js';
import { ownClientId } from '../kill/execute/probe.js';
import { ReconfError } from '../errors.js';
import { classifyError } from '../target/connect.js';
import { targetLabel, type Target } from '../target/target.js';
import { connectAgent, type ConnectionConfig } from './session.js';

/**
 * How long a watermark may wait for the server's replies. A server under `CLIENT PAUSE ALL`
 * (as during a failover) accepts the connection, and so assigns its id, at once, but answers
 * only when the pause ends: the id is still the right one, so it is worth waiting for.
 */
export const WATERMARK_DEADLINE_MS = 30_000;

/**
 * The onlyBeforeChange watermark: the id of a fresh connection, opened with the same auth and
 * TLS as every agent connection, read and closed. Client ids are monotonic and assigned when
 * the server accepts a connection, so every client that connected before this call has a
 * smaller id, and every client that connects after it a larger one. Connecting fails within
 * `watch.timeoutMs`; the replies may take up to max(WATERMARK_DEADLINE_MS, watch.timeoutMs).
 * Throws a ReconfError (UNREACHABLE, AUTH_FAILED, SERVER_REFUSED) when there is no id.
 */
export const takeWatermark = async (target: Target, cfg: ConnectionConfig): Promise<ClientId> => {
  const redis = await connectAgent(target, cfg, { commandTimeoutMs: Math.max(WATERMARK_DEADLINE_MS, cfg.watch.timeoutMs) });
  try {
    return await ownClientId(redis);
  } catch (e) {
    throw e instanceof ReconfError ? e : classifyError(e, targetLabel(target));
  } finally {
    redis.disconnect();
  }
};
