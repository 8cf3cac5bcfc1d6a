import { parseTarget, targetLabel, type Target } from '../target/target.js';
import { checkDuration } from '../input/bounds.js';
import { quoteInput } from '../log/redact.js';
import type { ClusterConfig } from './types.js';
import type { Problems } from './validate-items.js';

/** Topology refresh of a cluster when `refreshIntervalMs` is not given. */
export const DEFAULT_CLUSTER_REFRESH_MS = 10_000;
const MIN_REFRESH_MS = 100;
const KEYS = ['name', 'seeds', 'refreshIntervalMs'] as const;
const SEED_FORMS = 'host:port, [ipv6]:port, or a redis:// or rediss:// URL';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const seedsAt = (p: Problems, path: string, raw: unknown): ClusterConfig['seeds'] | undefined => {
  if (!Array.isArray(raw) || raw.length === 0) {
    p.add(path, `required, a non-empty list of seed nodes (${SEED_FORMS})`);
    return undefined;
  }
  const seeds = raw.map((s, i) => {
    if (typeof s !== 'string' || s.trim() === '') {
      p.add(`${path}[${i}]`, `must be a non-empty string (${SEED_FORMS})`);
      return undefined;
    }
    const t = p.attempt(`${path}[${i}]`, () => parseTarget(s));
    if (t?.kind !== 'unix') return t;
    p.add(`${path}[${i}]`, `${quoteInput(s)} is a unix socket: cluster nodes talk TCP; accepted: ${SEED_FORMS}`);
    return undefined;
  });
  return seeds.every((t): t is Extract<Target, { kind: 'tcp' }> => t !== undefined) ? seeds : undefined;
};

/**
 * `clusters: [{ name?, seeds: [url...], refreshIntervalMs? }]`: every problem with its key path.
 * A cluster's name defaults to its first seed (host:port); names must be unique and free of `/`
 * (targets are named `<cluster>/<host:port>`).
 */
export const validateClusters = (p: Problems, path: string, raw: unknown): ClusterConfig[] => {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    p.add(path, 'must be a list of { name?, seeds, refreshIntervalMs? }');
    return [];
  }
  const seen = new Set<string>();
  return raw.flatMap((item, i): ClusterConfig[] => {
    const at = `${path}[${i}]`;
    if (!isObj(item)) {
      p.add(at, 'must be an object { name?, seeds, refreshIntervalMs? }');
      return [];
    }
    for (const k of Object.keys(item)) if (!KEYS.includes(k as never)) p.add(`${at}.${k}`, `unknown key; accepted: ${KEYS.join(', ')}`);
    const seeds = seedsAt(p, `${at}.seeds`, item.seeds);
    const interval = p.bounded(`${at}.refreshIntervalMs`, checkDuration(item.refreshIntervalMs ?? DEFAULT_CLUSTER_REFRESH_MS, MIN_REFRESH_MS));
    let name = item.name;
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '' || name.includes('/'))) {
      p.add(`${at}.name`, 'must be a non-empty string without "/" (targets are named <cluster>/<host:port>)');
      name = undefined;
    }
    if (!seeds || interval === undefined) return [];
    const n = (name as string | undefined) ?? targetLabel(seeds[0]!);
    if (seen.has(n)) {
      p.add(`${at}.name`, `duplicate cluster name '${n}'`);
      return [];
    }
    seen.add(n);
    return [{ name: n, seeds, refreshIntervalMs: interval }];
  });
};
