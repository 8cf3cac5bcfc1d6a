import { clientId, compareIds, type ClientId } from '../filter/client-id.js';
import { clientType, type ClientRecord } from '../filter/client-list.js';
import { supportsToken, type Capabilities } from './capabilities.js';
import { compileFilter, type FilterPredicate } from '../filter/evaluate.js';
import { FilterError } from '../../errors.js';
import { clauseTokens } from '../filter/print.js';
import { CLIENT_TYPES, tokenOf, type Clause, type ClientType, type Filter } from '../filter/types.js';
import { isNegated, validateFilter } from '../filter/validate.js';

export interface CompileOptions {
  /** Let the filter reach replication links (TYPE master/replica, or no TYPE at all). */
  readonly allowReplication?: boolean;
  /** A cap is set: count the matching clients before killing, and kill exactly those. */
  readonly countFirst?: boolean;
  /**
   * onlyBeforeChange: only clients with an id below this watermark may be killed. Ids are
   * monotonic and assigned at accept, so this spares exactly the clients that connected later.
   * No server can say "id below" natively, so the plan is emulated.
   */
  readonly beforeId?: ClientId;
}

/**
 * How a filter runs on one server. Pure data: the executor sends `kills` as they are
 * (native), or sends `lists`, evaluates the filter locally and kills the matches by id.
 */
export interface Plan {
  readonly mode: 'native' | 'emulated';
  /** Why the plan is emulated (tokens this server lacks, known server bugs). */
  readonly reasons: readonly string[];
  /** The filter as given. */
  readonly filter: Filter;
  /** Client types the plan may touch; replication links are left out unless allowed. */
  readonly types: readonly ClientType[];
  /** Native: the CLIENT arguments to send (`KILL ...`). Empty for emulated plans. */
  readonly kills: readonly (readonly string[])[];
  /** CLIENT LIST calls that find the candidates (always present: dry-run and counting use them). */
  readonly lists: readonly (readonly string[])[];
  /** Count first (a cap is set): list, evaluate, refuse over the cap, else kill exactly those ids. */
  readonly countFirst: boolean;
  /**
   * Sent before listing (a native plan without listing lets the server check itself): `KILL USER name ID <max>` for each NOT-USER name, which kills no one (no
   * client has that id) and fails with "No such user" for a user that does not exist, so a typo
   * in NOT-USER is refused as it is natively (Valkey 9.1) instead of selecting every client.
   */
  readonly userChecks: readonly (readonly string[])[];
  /** Only ids below this one may be killed (onlyBeforeChange); always an emulated plan. */
  readonly beforeId?: ClientId;
  /**
   * How matched clients are killed by id. `typed`: each command also carries the client's
   * `TYPE`, so a client that became a replication link after it was listed is not hit.
   */
  readonly killById: { readonly multiId: boolean; readonly skipme: boolean; readonly typed?: boolean };
}

const REPLICATION: readonly ClientType[] = ['master', 'replica'];

/** The client types a filter may touch after the replication-link rule. */
export const allowedTypes = (f: Filter, allowReplication: boolean): ClientType[] => {
  const pos = f.clauses.find((c) => c.kind === 'type' && !c.negate) as { value: ClientType } | undefined;
  const neg = f.clauses.find((c) => c.kind === 'type' && c.negate) as { value: ClientType } | undefined;
  if (pos && REPLICATION.includes(pos.value) && !allowReplication) {
    throw new FilterError(
      `TYPE ${pos.value} targets replication links; pass --allow-replication (allowReplication: true) to kill them`,
    );
  }
  let types = pos ? [pos.value] : [...CLIENT_TYPES];
  if (neg) types = types.filter((t) => t !== neg.value);
  if (!allowReplication) types = types.filter((t) => !REPLICATION.includes(t));
  return types;
};

/** Why this server cannot run the filter as CLIENT KILL tokens; empty when it can. */
const nativeBlockers = (f: Filter, caps: Capabilities, types: readonly ClientType[]): string[] => {
  const reasons: string[] = [];
  const rest = f.clauses.filter((c) => c.kind !== 'type');
  for (const c of rest) {
    const negate = isNegated(c);
    if (!supportsToken(caps, c.kind, negate)) reasons.push(`${tokenOf(c.kind, negate)} is not a CLIENT KILL filter on ${caps.flavor} ${caps.version}`);
    if (c.kind === 'flags' && caps.flagsNBug && c.letters.includes('N')) {
      reasons.push(`${caps.flavor} ${caps.version} matches every client for FLAGS N (a server bug)`);
    }
    if (c.kind === 'flags' && c.letters.includes('a') && caps.flavor !== 'dragonfly') {
      reasons.push(`flag letter a is Dragonfly's; ${caps.flavor} refuses it in a FLAGS filter`);
    }
    if (c.kind === 'flags' && c.letters.includes('S') && caps.flavor === 'valkey') {
      reasons.push('valkey matches MONITOR clients for FLAGS S, which CLIENT LIST shows as O');
    }
  }
  const idClause = f.clauses.find((c) => c.kind === 'id' && !c.negate) as { ids: readonly ClientId[] } | undefined;
  if (f.skipme === false && !caps.multiId && idClause && idClause.ids.length > 1) {
    reasons.push(
      `SKIPME no with several ids needs one command per id on ${caps.flavor} ${caps.version}, and the server runs nothing after the one that closes our own connection`,
    );
  }
  const split = types.length < CLIENT_TYPES.length;
  if (caps.singleFilter) {
    const count = rest.length + (split ? 1 : 0);
    if (split) reasons.push(`${caps.flavor} has no TYPE filter, so replication links cannot be excluded natively`);
    else if (count !== 1) reasons.push(`${caps.flavor} takes exactly one filter per CLIENT KILL`);
    if ((f.skipme ?? true) && !split) reasons.push(`${caps.flavor} cannot skip the caller's own connection`);
  }
  return reasons;
};

/**
 * Native CLIENT KILL argument lists: one per client type (when types are narrowed) and per id
 * (when ids cannot be listed together). `TYPE normal` goes last: it is the only one that can
 * include our own connection (SKIPME no), after which the server runs nothing more from us.
 */
const nativeKills = (f: Filter, caps: Capabilities, types: readonly ClientType[]): string[][] => {
  const base = f.clauses.filter((c) => c.kind !== 'type' && c.kind !== 'id');
  const idClause = f.clauses.find((c): c is Extract<Clause, { kind: 'id' }> => c.kind === 'id');
  const idGroups: Clause[][] =
    !idClause ? [[]] : caps.multiId || idClause.negate || idClause.ids.length === 1 ? [[idClause]] : idClause.ids.map((id) => [{ ...idClause, ids: [id] }]);
  const ordered = [...types.filter((t) => t !== 'normal'), ...types.filter((t) => t === 'normal')];
  const typeGroups: string[][] = types.length < CLIENT_TYPES.length ? ordered.map((t) => ['TYPE', t]) : [[]];
  const tail = caps.skipme ? ['SKIPME', (f.skipme ?? true) ? 'yes' : 'no'] : [];
  return idGroups.flatMap((ids) =>
    typeGroups.map((type) => ['KILL', ...[...ids, ...base].flatMap(clauseTokens), ...type, ...tail]),
  );
};

/** The largest id CLIENT KILL ID takes (LONG_MAX): no client has it, so a command carrying it kills no one. */
export const NO_CLIENT_ID = '9223372036854775807';

const userChecks = (f: Filter, caps: Capabilities): string[][] =>
  supportsToken(caps, 'user', false) && supportsToken(caps, 'id', false)
    ? f.clauses.filter((c) => c.kind === 'user' && c.negate).map((c) => ['KILL', 'USER', (c as { value: string }).value, 'ID', NO_CLIENT_ID])
    : [];

const candidateLists = (caps: Capabilities, types: readonly ClientType[]): string[][] =>
  caps.listByType && types.length <= 2 ? types.map((t) => ['LIST', 'TYPE', t]) : [['LIST']];

/**
 * Compile a filter for one server. Pure. Throws FilterError when the filter is malformed (an
 * empty ID list, `ID 0`, a repeated token... whether parsed or built in code) or a safety rule
 * refuses it (replication types without allowReplication).
 */
export const compile = (filter: Filter, caps: Capabilities, opts: CompileOptions = {}): Plan => {
  validateFilter(filter);
  const types = allowedTypes(filter, opts.allowReplication ?? false);
  const reasons = nativeBlockers(filter, caps, types);
  if (opts.beforeId !== undefined && clientId(opts.beforeId) !== opts.beforeId) throw new FilterError(`beforeId must be a client id (a whole number 1..2^64-1 in canonical form), not '${opts.beforeId}'`);
  if (opts.beforeId !== undefined) reasons.push(`only clients with an id below ${opts.beforeId} (connected before the change); no CLIENT KILL filter says that`);
  const mode = reasons.length === 0 ? 'native' : 'emulated';
  return {
    mode,
    reasons,
    filter,
    types,
    kills: mode === 'native' ? nativeKills(filter, caps, types) : [],
    lists: candidateLists(caps, types),
    countFirst: opts.countFirst ?? false,
    userChecks: userChecks(filter, caps),
    ...(opts.beforeId !== undefined && { beforeId: opts.beforeId }),
    killById: { multiId: caps.multiId, skipme: caps.skipme, typed: !caps.singleFilter && types.length < CLIENT_TYPES.length },
  };
};

const matchers = new WeakMap<Plan, FilterPredicate>();

/** The plan compiled once into a predicate: the watermark, the allowed types, the filter and the caller's own connection. */
export const planMatcher = (plan: Plan): FilterPredicate => {
  let m = matchers.get(plan);
  if (m === undefined) {
    const { beforeId, types } = plan;
    const filter = compileFilter(plan.filter);
    m = (r, selfId) => (beforeId === undefined || compareIds(r.id, beforeId) < 0) && types.includes(clientType(r)) && filter(r, selfId);
    matchers.set(plan, m);
  }
  return m;
};

/** Does the plan select this client? The watermark, the allowed types, the filter and the caller's own connection. */
export const planMatches = (plan: Plan, r: ClientRecord, selfId: ClientId): boolean => planMatcher(plan)(r, selfId);

/**
 * The CLIENT arguments that kill exactly these ids (never an empty list, never ID 0): one
 * command per id, or per `chunk` ids where the server takes several. With `type` (and a plan
 * whose killById is typed) each command also says `TYPE type`. SKIPME follows the filter, so
 * with SKIPME no our own id, when given, is killed: the caller must send it last.
 */
export const killByIdCommands = (plan: Plan, ids: readonly ClientId[], chunk = 1000, type?: ClientType): string[][] => {
  const valid = [...new Set(ids.filter((id) => clientId(id) === id))];
  const skipme = plan.killById.skipme ? ['SKIPME', (plan.filter.skipme ?? true) ? 'yes' : 'no'] : [];
  const tail = [...(type && plan.killById.typed ? ['TYPE', type] : []), ...skipme];
  const size = plan.killById.multiId ? Math.max(1, chunk) : 1;
  const out: string[][] = [];
  for (let i = 0; i < valid.length; i += size) out.push(['KILL', 'ID', ...valid.slice(i, i + size).map(String), ...tail]);
  return out;
};
