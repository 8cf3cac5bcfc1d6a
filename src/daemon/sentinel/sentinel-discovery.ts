import type { AgentConfig } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import { DiscoveryError } from '../errors.js';
import { mergeTargets, parseMasterAddr, parseReplicas, type Discovered, type WatchedTarget } from '../topology.js';
import { SentinelPool } from './sentinel-pool.js';

/**
 * Ask the pool's Sentinels, the last one that answered first, for the master and replicas of
 * every followed master; the first Sentinel that answers for all of them wins. Sentinel
 * credentials come from the Sentinel's own URL (or sentinelAuth), never from `auth`.
 */
export const discover = async (pool: SentinelPool, masters: readonly string[]): Promise<Discovered[]> => {
  const r = await pool.query(async (redis, s) => {
    const found: Discovered[] = [];
    for (const master of masters) {
      const addr = parseMasterAddr(await redis.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', master));
      if (!addr) throw new DiscoveryError(`Sentinel ${s.name} does not monitor a master named '${master}' (check masters)`);
      found.push({ master, addrs: [addr, ...parseReplicas(await redis.call('SENTINEL', 'REPLICAS', master))] });
    }
    return found;
  });
  if ('value' in r) return r.value;
  throw new DiscoveryError(`no Sentinel answered: ${r.reasons.join('; ')}`);
};

/** Configured targets plus, when masters are followed, what the Sentinels report (nothing more if none answers). For one-shot callers. */
export const currentTargets = async (cfg: AgentConfig, log: Logger): Promise<WatchedTarget[]> => {
  let found: Discovered[] = [];
  if (cfg.masters.length > 0 && cfg.sentinels.length > 0) {
    const pool = new SentinelPool(cfg, { reconnect: false });
    try {
      found = await discover(pool, cfg.masters);
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'sentinel discovery failed: using the configured targets only');
    } finally {
      pool.close();
    }
  }
  return mergeTargets(cfg.targets, found, sentinelTls(cfg));
};

/** Discovered instances use TLS when the (first) Sentinel does. */
export const sentinelTls = (cfg: Pick<AgentConfig, 'sentinels'>): boolean => {
  const t = cfg.sentinels[0]?.target;
  return t?.kind === 'tcp' && t.tls;
};
