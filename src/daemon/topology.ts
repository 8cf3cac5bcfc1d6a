import { parseTarget, targetLabel, type Target } from '../target/target.js';
import type { TargetConfig } from '../config/types.js';
import { addrOf } from './target/role.js';

/** One instance the daemon watches: from `targets`, or discovered through a Sentinel or a cluster's seeds. */
export interface WatchedTarget {
  /** Operator-facing name: the configured name, else host:port. Used as the metric label. */
  readonly name: string;
  /** host:port (or socket path): how Sentinel and ROLE replies name it. */
  readonly addr: string;
  readonly target: Target;
  /** The Sentinel master group it was discovered in, if any. */
  readonly master?: string;
  /** The cluster (clusters[].name) it was discovered in, if any. */
  readonly cluster?: string;
}

/** What one Sentinel says about one master group. */
export interface Discovered {
  readonly master: string;
  readonly addrs: readonly string[];
}

const pairs = (flat: unknown): Map<string, string> => {
  const m = new Map<string, string>();
  if (Array.isArray(flat)) for (let i = 0; i + 1 < flat.length; i += 2) m.set(String(flat[i]), String(flat[i + 1]));
  return m;
};

/** `SENTINEL GET-MASTER-ADDR-BY-NAME` reply (`[ip, port]` or nil) as host:port. Pure. */
export const parseMasterAddr = (reply: unknown): string | undefined =>
  Array.isArray(reply) && reply.length === 2 && /^\d+$/.test(String(reply[1])) ? addrOf(String(reply[0]), String(reply[1])) : undefined;

/** `SENTINEL REPLICAS` reply (a list of flat key/value arrays) as host:port addresses. Pure. */
export const parseReplicas = (reply: unknown): string[] =>
  (Array.isArray(reply) ? reply : []).flatMap((item) => {
    const kv = pairs(item);
    const ip = kv.get('ip');
    const port = kv.get('port');
    return ip && port && /^\d+$/.test(port) ? [addrOf(ip, port)] : [];
  });

/**
 * The target set: configured targets first (their names win), then every discovered address
 * not already there. Discovered instances log in with `auth`, and use TLS when their Sentinel does.
 */
export const mergeTargets = (configured: readonly TargetConfig[], discovered: readonly Discovered[], tls: boolean): WatchedTarget[] => {
  const out: WatchedTarget[] = configured.map((t) => ({ name: t.name, addr: targetLabel(t.target), target: t.target }));
  const known = new Set(out.map((t) => t.addr));
  for (const d of discovered) {
    for (const addr of d.addrs) {
      if (known.has(addr)) continue;
      known.add(addr);
      const target = parseTarget(addr);
      out.push({ name: addr, addr, target: target.kind === 'tcp' ? { ...target, tls } : target, master: d.master });
    }
  }
  return out;
};

/** An instance some Sentinel reported, and when it last did. */
export interface KnownInstance {
  readonly master: string;
  readonly lastSeen: number;
}

/** How long an instance no Sentinel reports any more stays watched: mid-failover answers can omit one for a moment. */
export const forgetAfterMs = (discoveryIntervalMs: number): number => Math.max(60_000, 6 * discoveryIntervalMs);

/**
 * Fold one discovery into what is known. Pure. Instances reported now are (re)stamped; one not
 * reported for `forgetMs` is dropped. A Sentinel mid-failover may report the promoted replica
 * as master and leave the old master out of both lists: it must not stop being watched then.
 */
export const foldDiscovery = (known: ReadonlyMap<string, KnownInstance>, found: readonly Discovered[], now: number, forgetMs: number): Map<string, KnownInstance> => {
  const next = new Map([...known].filter(([, k]) => now - k.lastSeen < forgetMs));
  for (const d of found) for (const addr of d.addrs) next.set(addr, { master: d.master, lastSeen: now });
  return next;
};

/** Known instances grouped back into Discovered lists, for mergeTargets. Pure. */
export const knownAsDiscovered = (known: ReadonlyMap<string, KnownInstance>): Discovered[] => {
  const groups = new Map<string, string[]>();
  for (const [addr, k] of known) groups.set(k.master, [...(groups.get(k.master) ?? []), addr]);
  return [...groups].map(([master, addrs]) => ({ master, addrs }));
};
