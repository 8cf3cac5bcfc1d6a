import type { ClientId } from '../filter/client-id.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { clientType, parseClientList, type ClientRecord } from '../filter/client-list.js';
import type { ClientType } from '../filter/types.js';
import { killByIdCommands, planMatches, type Plan } from '../plan/compile.js';
import { MaxKillsExceededError } from '../../errors.js';
import { classifyError } from '../../target/connect.js';

export interface ExecuteOptions {
  readonly dryRun?: boolean;
  readonly maxKills?: number;
  /** Kill in paced batches so clients do not all reconnect at once. */
  readonly batch?: { readonly size: number; readonly pauseMs: number };
  /** Where, for error messages. */
  readonly label: string;
}

export interface ExecuteResult {
  /** The clients that matched, when the plan listed them (emulated, dry-run, or counted); else undefined. */
  readonly matched: readonly ClientRecord[] | undefined;
  /** How many the server reports it closed (0 on a dry run). */
  readonly killed: number;
  /** The CLIENT commands actually sent, for --explain and the audit log. */
  readonly sent: readonly (readonly string[])[];
}

const send = async (redis: Redis, cmds: readonly (readonly string[])[], label: string): Promise<unknown[]> => {
  if (cmds.length === 0) return [];
  const pipe = redis.pipeline();
  for (const c of cmds) pipe.call('CLIENT', ...c);
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await pipe.exec();
  } catch (e) {
    throw classifyError(e, label);
  }
  return (replies ?? []).map(([err, value]) => {
    if (err) throw classifyError(err, label);
    return value;
  });
};

/** Run CLIENT LIST calls and return the matching clients, each once. */
export const listMatches = async (redis: Redis, plan: Plan, selfId: ClientId, label: string): Promise<ClientRecord[]> => {
  const seen = new Set<ClientId>();
  const out: ClientRecord[] = [];
  for (const reply of await send(redis, plan.lists, label)) {
    for (const r of parseClientList(String(reply))) {
      if (!seen.has(r.id) && planMatches(plan, r, selfId)) {
        seen.add(r.id);
        out.push(r);
      }
    }
  }
  return out;
};

const sum = (replies: unknown[]): number => replies.reduce<number>((n, v) => n + (typeof v === 'number' ? v : v === 'OK' ? 1 : 0), 0);

/**
 * Execute a plan. Native plans without a cap send their CLIENT KILL commands as compiled;
 * otherwise the candidates are listed, matched locally, checked against the cap, and
 * killed by id (ids are never reused while a server runs, so no newer client is hit).
 */
export const executePlan = async (redis: Redis, plan: Plan, selfId: ClientId, o: ExecuteOptions): Promise<ExecuteResult> => {
  const needList = plan.mode === 'emulated' || plan.countFirst || o.maxKills !== undefined || o.dryRun || o.batch !== undefined;
  if (!needList) {
    const replies = await send(redis, plan.kills, o.label);
    return { matched: undefined, killed: sum(replies), sent: plan.kills };
  }
  const matched = await listMatches(redis, plan, selfId, o.label);
  if (o.maxKills !== undefined && matched.length > o.maxKills) throw new MaxKillsExceededError(matched.length, o.maxKills);
  if (o.dryRun) return { matched, killed: 0, sent: plan.lists };
  // Our own connection (matched only with SKIPME no) goes last: the server runs nothing after it.
  const order = [...matched.filter((r) => r.id !== selfId), ...matched.filter((r) => r.id === selfId)];
  const size = o.batch?.size ?? Math.max(order.length, 1);
  const sent: (readonly string[])[] = [...plan.lists];
  let killed = 0;
  for (let i = 0; i < order.length; i += size) {
    if (i > 0 && o.batch) await sleep(o.batch.pauseMs);
    const kills = killCommandsByType(plan, order.slice(i, i + size), selfId);
    killed += sum(await send(redis, kills, o.label));
    sent.push(...kills);
  }
  return { matched, killed, sent };
};

/**
 * Kill-by-id commands for some matched clients, grouped by the type each had when listed. The
 * group holding our own id (last in `clients`) goes last, so our id is in the last command.
 */
const killCommandsByType = (plan: Plan, clients: readonly ClientRecord[], selfId: ClientId): string[][] => {
  const byType = new Map<ClientType, ClientId[]>();
  for (const c of clients) {
    const ids = byType.get(clientType(c)) ?? [];
    ids.push(c.id);
    byType.set(clientType(c), ids);
  }
  const groups = [...byType];
  const hasSelf = ([, ids]: [ClientType, ClientId[]]) => ids.includes(selfId);
  return [...groups.filter((g) => !hasSelf(g)), ...groups.filter(hasSelf)].flatMap(([type, ids]) => killByIdCommands(plan, ids, undefined, type));
};
