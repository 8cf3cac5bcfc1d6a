import { AGENT_CONNECTION_NAME } from '../../runner/session.js';
import type { AgentConfig } from '../../config/types.js';
import { connect } from '../../target/connect.js';
import type { Logger } from '../../log/logger.js';
import { DiscoveryError } from '../errors.js';
import { mergeTargets, parseMasterAddr, parseReplicas, type Discovered, type WatchedTarget } from '../topology.js';

export type DiscoveryConfig = Pick<AgentConfig, 'sentinels' | 'masters' | 'tls' | 'watch'>;

/**
 * Ask the Sentinels, in order, for the master and replicas of every followed master; the first
 * Sentinel that answers for all of them wins. Sentinel credentials come from the Sentinel's own
 * URL, never from `auth` (Sentinels often have a password of their own, or none).
 */
export const discover = async (cfg: DiscoveryConfig, log: Logger): Promise<Discovered[]> => {
  const reasons: string[] = [];
  for (const s of cfg.sentinels) {
    let redis: Awaited<ReturnType<typeof connect>> | undefined;
    try {
      redis = await connect(s.target, { timeoutMs: cfg.watch.timeoutMs, connectionName: AGENT_CONNECTION_NAME, tls: cfg.tls });
      const found: Discovered[] = [];
      for (const master of cfg.masters) {
        const addr = parseMasterAddr(await redis.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', master));
        if (!addr) throw new DiscoveryError(`Sentinel ${s.name} does not monitor a master named '${master}' (check masters)`);
        found.push({ master, addrs: [addr, ...parseReplicas(await redis.call('SENTINEL', 'REPLICAS', master))] });
      }
      return found;
    } catch (e) {
      reasons.push(`${s.name}: ${(e as Error).message}`);
      log.debug({ sentinel: s.name, err: (e as Error).message }, 'sentinel did not answer discovery');
    } finally {
      redis?.disconnect();
    }
  }
  throw new DiscoveryError(`no Sentinel answered: ${reasons.join('; ')}`);
};

/** Configured targets plus, when masters are followed, what the Sentinels report (nothing more if none answers). */
export const currentTargets = async (cfg: AgentConfig, log: Logger): Promise<WatchedTarget[]> => {
  let found: Discovered[] = [];
  if (cfg.masters.length > 0 && cfg.sentinels.length > 0) {
    try {
      found = await discover(cfg, log);
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'sentinel discovery failed: using the configured targets only');
    }
  }
  return mergeTargets(cfg.targets, found, sentinelTls(cfg));
};

/** Discovered instances use TLS when the (first) Sentinel does. */
export const sentinelTls = (cfg: Pick<AgentConfig, 'sentinels'>): boolean => {
  const t = cfg.sentinels[0]?.target;
  return t?.kind === 'tcp' && t.tls;
};
