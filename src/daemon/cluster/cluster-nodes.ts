import { addrOf } from '../target/role.js';

/** One node of a cluster as CLUSTER SHARDS or CLUSTER NODES describes it. */
export interface ClusterNode {
  readonly id: string;
  /** host:port clients use (IPv6 in brackets). */
  readonly addr: string;
  readonly role: 'master' | 'replica';
  /** For a replica: its primary's addr, when the primary is known. */
  readonly of?: string;
  /** Slot ranges served, as `0-5460` (primaries only; empty for a primary without slots). */
  readonly slots: readonly string[];
  /** The cluster's view: `online`, `failed`, `loading`, `disconnected` (Redis 7.0's `fail` and CLUSTER NODES' `fail`/`fail?` flags read as `failed`). */
  readonly health: string;
}

/** Where the topology came from: CLUSTER SHARDS where the server has it, else CLUSTER NODES. */
export type TopologySource = 'CLUSTER SHARDS' | 'CLUSTER NODES';

const pairs = (flat: unknown): Map<string, unknown> => {
  const m = new Map<string, unknown>();
  if (Array.isArray(flat)) for (let i = 0; i + 1 < flat.length; i += 2) m.set(String(flat[i]), flat[i + 1]);
  return m;
};

/** The address clients reach: the endpoint when it is a usable host, else the ip. `?` and empty mean unknown. */
const hostOf = (kv: Map<string, unknown>): string | undefined => {
  const usable = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' && v !== '?' ? v : undefined);
  return usable(kv.get('ip')) ?? usable(kv.get('endpoint'));
};

const rangesOf = (flat: unknown): string[] => {
  const out: string[] = [];
  if (Array.isArray(flat)) for (let i = 0; i + 1 < flat.length; i += 2) out.push(flat[i] === flat[i + 1] ? String(flat[i]) : `${String(flat[i])}-${String(flat[i + 1])}`);
  return out;
};

/**
 * A RESP2 CLUSTER SHARDS reply: `[[slots, [a, b, ...], nodes, [[id, x, port, p, ip, h, ...], ...]], ...]`.
 * A shard's replicas are replicas of its primary: the master that is not failed (Valkey keeps a
 * failed-over primary in its shard, as a failed master, until it returns as a replica). Nodes
 * without an address or a port are left out. Pure.
 */
export const parseClusterShards = (reply: unknown): ClusterNode[] => {
  if (!Array.isArray(reply)) throw new TypeError(`CLUSTER SHARDS reply is not an array: ${JSON.stringify(reply)}`);
  return reply.flatMap((shard) => {
    const kv = pairs(shard);
    const slots = rangesOf(kv.get('slots'));
    const nodes = (Array.isArray(kv.get('nodes')) ? (kv.get('nodes') as unknown[]) : []).flatMap((n) => {
      const nk = pairs(n);
      const host = hostOf(nk);
      const port = Number(nk.get('port') ?? nk.get('tls-port'));
      if (!host || !Number.isInteger(port) || port < 1) return [];
      const role = String(nk.get('role')) === 'master' ? ('master' as const) : ('replica' as const);
      const health = String(nk.get('health') ?? 'unknown');
      return [{ id: String(nk.get('id') ?? ''), addr: addrOf(host, port), role, health: health === 'fail' ? 'failed' : health }];
    });
    const primary = nodes.find((n) => n.role === 'master' && n.health !== 'failed') ?? nodes.find((n) => n.role === 'master');
    return nodes.map((n) =>
      n.role === 'master' ? { ...n, slots: n === primary ? slots : [] } : { ...n, slots: [], ...(primary && { of: primary.addr }) },
    );
  });
};

/** `ip:port@cport[,hostname]` (Redis 7) or `ip:port` (older): host and port, or undefined for `:0` and the like. */
const nodeAddr = (field: string): string | undefined => {
  const m = /^(.*):(\d+)(?:@\d+)?(?:,.*)?$/.exec(field);
  if (!m || !m[1] || Number(m[2]) < 1) return undefined;
  return addrOf(m[1].replace(/^\[(.*)\]$/, '$1'), m[2]!);
};

/**
 * CLUSTER NODES text, one node a line: `id addr flags master-id ping pong epoch link slot...`.
 * Slot entries in brackets (migrations) are not ranges and are left out. Pure.
 */
export const parseClusterNodes = (text: string): ClusterNode[] => {
  const lines = text.split('\n').map((l) => l.trim().split(' ')).filter((f) => f.length >= 8);
  const addrById = new Map(lines.map((f) => [f[0]!, nodeAddr(f[1]!)]));
  return lines.flatMap((f) => {
    const addr = addrById.get(f[0]!);
    const flags = f[2]!.split(',');
    if (!addr || flags.includes('handshake') || flags.includes('noaddr')) return [];
    const replica = flags.includes('slave') || flags.includes('replica');
    const of = replica && f[3] !== '-' ? addrById.get(f[3]!) : undefined;
    const failed = flags.includes('fail') || flags.includes('fail?');
    const health = failed ? 'failed' : f[7] === 'connected' ? 'online' : 'disconnected';
    const slots = replica ? [] : f.slice(8).filter((s) => !s.startsWith('['));
    return [{ id: f[0]!, addr, role: replica ? ('replica' as const) : ('master' as const), ...(of && { of }), slots, health }];
  });
};
