import type { ClientId } from '../filter/client-id.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { clientType, readClientList, type ClientRecord } from '../filter/client-list.js';
import type { ClientType } from '../filter/types.js';
import { killByIdCommands, planMatcher, type Plan } from '../plan/compile.js';
import { AbortedError, FilterError, MaxKillsExceededError } from '../../errors.js';
import { quoteInput } from '../../log/redact.js';
import { classifyError } from '../../target/connect.js';
import { FIRST_CHUNK_IDS, MAX_CHUNK_IDS, nextChunkSize } from './pacing.js';
import { sendChunk } from './send-chunk.js';

export interface ExecuteOptions {
  readonly dryRun?: boolean;
  readonly maxKills?: number;
  /** Kill in paced batches so clients do not all reconnect at once. */
  readonly batch?: { readonly size: number; readonly pauseMs: number };
  /** Where, for error messages. */
  readonly label: string;
  /** Stop: no further chunk or batch starts, a batch pause ends at once; the run fails with ABORTED. */
  readonly signal?: AbortSignal;
  /** Filled in as the run goes, so a caller can say what was done when the run fails half-way. */
  readonly progress?: Progress;
}

/** What a run has done so far; complete once executePlan returns. */
export interface Progress {
  /** Clients that matched, once listed (emulated, dry-run, counted); undefined before, and for native plans. */
  matched?: number;
  /** Clients the server reported closed. */
  killed: number;
  /** CLIENT LIST lines that could be read two ways (client-list.ts): left alone, never killed. */
  ambiguous: number;
  /** Time spent waiting on CLIENT LIST (ms). */
  listMs: number;
  /** Time spent waiting on CLIENT KILL commands (ms). */
  killMs: number;
}

export const newProgress = (): Progress => ({ killed: 0, ambiguous: 0, listMs: 0, killMs: 0 });

export interface ExecuteResult {
  /** The clients that matched, when the plan listed them (emulated, dry-run, or counted); else undefined. */
  readonly matched: readonly ClientRecord[] | undefined;
  /** How many the server reports it closed (0 on a dry run). */
  readonly killed: number;
  /** CLIENT LIST lines left alone because they could be read two ways. */
  readonly ambiguous: number;
  /** The CLIENT commands actually sent, for --explain and the audit log. */
  readonly sent: readonly (readonly string[])[];
  /** Time spent waiting on CLIENT LIST and on the kill commands (ms). */
  readonly listMs: number;
  readonly killMs: number;
}

/** The idle deadline of kill chunks: the connection's command timeout. */
const idleDeadline = (redis: Redis): number => redis.options.commandTimeout ?? 2000;

/** Run CLIENT LIST calls and return the matching clients, each once. */
export const listMatches = async (redis: Redis, plan: Plan, selfId: ClientId, label: string, progress?: Progress): Promise<ClientRecord[]> => {
  // A client can show up in two lists (it changed type between them); one list names each client once.
  const seen = plan.lists.length > 1 ? new Set<ClientId>() : undefined;
  const matches = planMatcher(plan);
  const out: ClientRecord[] = [];
  for (const args of plan.lists) {
    const started = performance.now();
    const reply = await redis.callBuffer('CLIENT', ...args).catch((e: unknown) => Promise.reject(classifyError(e, label)));
    if (progress) progress.listMs += performance.now() - started;
    const list = readClientList(reply as Buffer);
    if (progress) progress.ambiguous += list.ambiguous;
    for (const r of list.clients) {
      if (!matches(r, selfId) || seen?.has(r.id)) continue;
      seen?.add(r.id);
      out.push(r);
    }
  }
  return out;
};

/**
 * Each NOT-USER name must be a user the server has (plan.userChecks: commands that kill no one);
 * otherwise the filter would select every client, which is what a typo does.
 */
const checkUsers = async (redis: Redis, plan: Plan, label: string): Promise<void> => {
  for (const args of plan.userChecks) {
    try {
      await redis.call('CLIENT', ...args);
    } catch (e) {
      const message = (e as Error).message ?? '';
      if (/no such user/i.test(message)) throw new FilterError(`NOT-USER ${quoteInput(args[2]!)}: ${label} has no such user, so the filter would select every client; nothing was killed (check the name)`);
      throw classifyError(e, label);
    }
  }
};

const sum = (replies: readonly unknown[]): number => replies.reduce<number>((n, v) => n + (typeof v === 'number' ? v : v === 'OK' ? 1 : 0), 0);

const abortReason = (signal: AbortSignal): string => {
  const r: unknown = signal.reason;
  return typeof r === 'string' ? r : r instanceof Error ? r.message : 'aborted';
};

const throwIfAborted = (signal: AbortSignal | undefined): void => {
  if (signal?.aborted) throw new AbortedError(abortReason(signal));
};

/** Wait between batches; an abort ends the wait at once. */
const pause = async (ms: number, signal: AbortSignal | undefined): Promise<void> => {
  try {
    await sleep(ms, undefined, signal && { signal });
  } catch {
    throwIfAborted(signal);
  }
};

/** Send commands as one chunk, count what they killed, and fail on the chunk's first error. */
const killChunk = async (redis: Redis, cmds: readonly (readonly string[])[], label: string, progress: Progress): Promise<number> => {
  const r = await sendChunk(redis, cmds, idleDeadline(redis));
  progress.killed += sum(r.replies);
  progress.killMs += r.ms;
  if (r.error !== undefined) throw classifyError(r.error, label);
  return r.ms;
};

/**
 * Execute a plan. Native plans without a cap send their CLIENT KILL commands as compiled;
 * otherwise the candidates are listed, matched locally, checked against the cap, and
 * killed by id (ids are never reused while a server runs, so no newer client is hit), in
 * chunks sized to the server's measured cost (see pacing.ts), each waiting on its own replies.
 * `o.progress` holds what was done when this throws.
 */
export const executePlan = async (redis: Redis, plan: Plan, selfId: ClientId, o: ExecuteOptions): Promise<ExecuteResult> => {
  const progress = o.progress ?? newProgress();
  const done = (matched: readonly ClientRecord[] | undefined, sent: readonly (readonly string[])[]): ExecuteResult => ({
    matched,
    killed: progress.killed,
    ambiguous: progress.ambiguous,
    sent,
    listMs: progress.listMs,
    killMs: progress.killMs,
  });
  throwIfAborted(o.signal);
  const needList = plan.mode === 'emulated' || plan.countFirst || o.maxKills !== undefined || o.dryRun || o.batch !== undefined;
  if (!needList) {
    await killChunk(redis, plan.kills, o.label, progress);
    return done(undefined, plan.kills);
  }
  await checkUsers(redis, plan, o.label);
  const matched = await listMatches(redis, plan, selfId, o.label, progress);
  progress.matched = matched.length;
  if (o.maxKills !== undefined && matched.length > o.maxKills) throw new MaxKillsExceededError(matched.length, o.maxKills);
  if (o.dryRun) return done(matched, plan.lists);
  // Our own connection (matched only with SKIPME no) goes last: the server runs nothing after it.
  const order = [...matched.filter((r) => r.id !== selfId), ...matched.filter((r) => r.id === selfId)];
  const batchSize = o.batch?.size ?? Math.max(order.length, 1);
  const sent: (readonly string[])[] = [...plan.lists];
  let chunk = FIRST_CHUNK_IDS;
  for (let b = 0; b < order.length; b += batchSize) {
    throwIfAborted(o.signal);
    if (b > 0 && o.batch) await pause(o.batch.pauseMs, o.signal);
    const batch = order.slice(b, b + batchSize);
    for (let i = 0; i < batch.length; ) {
      throwIfAborted(o.signal);
      const part = batch.slice(i, i + chunk);
      const kills = killCommandsByType(plan, part, selfId);
      sent.push(...kills);
      chunk = nextChunkSize(part.length, await killChunk(redis, kills, o.label, progress));
      i += part.length;
    }
  }
  return done(matched, sent);
};

/**
 * Kill-by-id commands for some matched clients, grouped by the type each had when listed. The
 * group holding our own id (last in `clients`) goes last, so our id is in the last command.
 */
const killCommandsByType = (plan: Plan, clients: readonly ClientRecord[], selfId: ClientId): string[][] => {
  const byType = new Map<ClientType, ClientId[]>();
  for (const c of clients) {
    const type = clientType(c);
    const ids = byType.get(type);
    if (ids) ids.push(c.id);
    else byType.set(type, [c.id]);
  }
  const groups = [...byType];
  const hasSelf = ([, ids]: [ClientType, ClientId[]]) => ids.includes(selfId);
  return [...groups.filter((g) => !hasSelf(g)), ...groups.filter(hasSelf)].flatMap(([type, ids]) => killByIdCommands(plan, ids, MAX_CHUNK_IDS, type));
};
