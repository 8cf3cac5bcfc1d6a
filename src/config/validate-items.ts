import { validate as cronValidate } from 'node-cron';
import { parseFilter } from '../kill/filter/parse.js';
import { parseTarget, targetLabel, type Target } from '../target/target.js';
import { allowedTypes } from '../kill/plan/compile.js';
import { ReconfError } from '../errors.js';
import { checkCount, checkDuration, type Checked } from '../input/bounds.js';
import type { Filter } from '../kill/filter/types.js';
import { EVENTS, REAPER_ROLES, type Batch, type PolicyConfig, type ReaperConfig, type SentinelConfig, type TargetConfig } from './types.js';

/** Collects problems with their key paths instead of stopping at the first. */
export class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
  /** A checked number (input/bounds.ts): its value, or its problem at `path`. */
  bounded(path: string, c: Checked): number | undefined {
    if (c.problem === undefined) return c.value;
    this.add(path, c.problem);
    return undefined;
  }
  /** Run `fn`, turning a thrown ReconfError into a problem at `path`. */
  attempt<T>(path: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ReconfError) this.add(path, e.message);
      else throw e;
      return undefined;
    }
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const checkKeys = (p: Problems, path: string, item: Obj, allowed: readonly string[]): void => {
  for (const k of Object.keys(item)) if (!allowed.includes(k)) p.add(`${path}.${k}`, `unknown key; accepted: ${allowed.join(', ')}`);
};

const str = (p: Problems, path: string, v: unknown, required: boolean): string | undefined => {
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.trim() === '') {
    p.add(path, required ? 'required, a non-empty string' : 'must be a non-empty string');
    return undefined;
  }
  return v;
};

const objects = (p: Problems, path: string, list: unknown): Obj[] =>
  (Array.isArray(list) ? list : []).flatMap((item, i) => {
    if (isObj(item)) return [item];
    p.add(`${path}[${i}]`, 'must be an object');
    return [];
  });

const uniqueNames = (p: Problems, path: string, names: (string | undefined)[]): void => {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (n === undefined) return;
    if (seen.has(n)) p.add(`${path}[${i}].name`, `duplicate name '${n}'`);
    seen.add(n);
  });
};

/** The same node twice (under two names) would run every policy twice on it. */
const uniqueAddresses = (p: Problems, path: string, targets: (Target | undefined)[]): void => {
  const seen = new Map<string, number>();
  targets.forEach((t, i) => {
    if (!t) return;
    const addr = targetLabel(t);
    const first = seen.get(addr);
    if (first !== undefined) p.add(`${path}[${i}]`, `same address as ${path}[${first}] (${addr}); list each node once`);
    else seen.set(addr, i);
  });
};

const endpoint = (p: Problems, path: string, item: Obj) => {
  const url = str(p, `${path}.url`, item.url, false);
  if (url !== undefined) return p.attempt(`${path}.url`, () => parseTarget(url));
  if (item.host === undefined) {
    p.add(path, 'needs url, or host and port');
    return undefined;
  }
  const host = str(p, `${path}.host`, item.host, true);
  const port = p.bounded(`${path}.port`, checkCount(item.port ?? 6379));
  if (host === undefined || port === undefined) return undefined;
  return p.attempt(path, () => parseTarget(host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`));
};

export const validateTargets = (p: Problems, path: string, raw: unknown): TargetConfig[] => {
  const items = objects(p, path, raw);
  const out = items.map((item, i) => {
    checkKeys(p, `${path}[${i}]`, item, ['name', 'url', 'host', 'port']);
    const target = endpoint(p, `${path}[${i}]`, item);
    const name = str(p, `${path}[${i}].name`, item.name, false);
    return { name: name ?? (target ? targetLabel(target) : undefined), target };
  });
  uniqueNames(p, path, out.map((t) => t.name));
  uniqueAddresses(p, path, out.map((t) => t.target));
  return out.flatMap(({ name, target }) => (name !== undefined && target ? [{ name, target }] : []));
};

export const validateSentinels = (p: Problems, path: string, raw: unknown): SentinelConfig[] => validateTargets(p, path, raw);

export const validateMasters = (p: Problems, path: string, raw: unknown): string[] =>
  (Array.isArray(raw) ? raw : []).flatMap((m, i) => {
    const s = str(p, `${path}[${i}]`, m, true);
    return s === undefined ? [] : [s];
  });

const batch = (p: Problems, path: string, raw: unknown): Batch | undefined => {
  if (raw === undefined) return undefined;
  if (!isObj(raw)) {
    p.add(path, 'must be an object { size, pauseMs }');
    return undefined;
  }
  checkKeys(p, path, raw, ['size', 'pauseMs']);
  const size = p.bounded(`${path}.size`, checkCount(raw.size ?? 100));
  const pauseMs = p.bounded(`${path}.pauseMs`, checkDuration(raw.pauseMs ?? 1000, 0));
  return size === undefined || pauseMs === undefined ? undefined : { size, pauseMs };
};

const filterAt = (p: Problems, path: string, raw: unknown, allowReplication: boolean) => {
  const text = str(p, path, raw, true);
  if (text === undefined) return undefined;
  return p.attempt(path, () => {
    const f = parseFilter(text);
    allowedTypes(f, allowReplication);
    return f;
  });
};

/** What policies and reapers share: a unique name, a filter, an optional cap and pacing. */
interface KillRunFields {
  readonly name: string;
  readonly filter: Filter;
  readonly maxKills?: number;
  readonly batch?: Batch;
}

/** Check a list of named kill-run items (policies, reapers): their shared fields, then `specific` per item. */
const killRunItems = <T>(
  p: Problems,
  path: string,
  raw: unknown,
  allowReplication: boolean,
  keys: readonly string[],
  specific: (item: Obj, at: string) => Omit<T, keyof KillRunFields> | undefined,
): T[] => {
  const items = objects(p, path, raw);
  uniqueNames(p, path, items.map((i) => (typeof i.name === 'string' ? i.name : undefined)));
  return items.flatMap((item, i) => {
    const at = `${path}[${i}]`;
    checkKeys(p, at, item, ['name', 'filter', 'maxKills', 'batch', ...keys]);
    const name = str(p, `${at}.name`, item.name, true);
    const rest = specific(item, at);
    const filter = filterAt(p, `${at}.filter`, item.filter, allowReplication);
    const maxKills = item.maxKills === undefined ? undefined : p.bounded(`${at}.maxKills`, checkCount(item.maxKills));
    const b = batch(p, `${at}.batch`, item.batch);
    if (name === undefined || filter === undefined || rest === undefined) return [];
    return [{ name, filter, ...rest, ...(maxKills !== undefined && { maxKills }), ...(b && { batch: b }) } as T];
  });
};

export const validatePolicies = (p: Problems, path: string, raw: unknown, allowReplication: boolean): PolicyConfig[] =>
  killRunItems<PolicyConfig>(p, path, raw, allowReplication, ['on', 'onlyBeforeChange'], (item, at) => {
    const on = item.on;
    const known = EVENTS.includes(on as never);
    if (!known) p.add(`${at}.on`, `'${String(on)}' is not an event; accepted: ${EVENTS.join(' | ')}`);
    if (item.onlyBeforeChange !== undefined && typeof item.onlyBeforeChange !== 'boolean') p.add(`${at}.onlyBeforeChange`, 'must be true or false');
    return known ? { on: on as PolicyConfig['on'], onlyBeforeChange: item.onlyBeforeChange === true } : undefined;
  });

export const validateReapers = (p: Problems, path: string, raw: unknown, allowReplication: boolean): ReaperConfig[] =>
  killRunItems<ReaperConfig>(p, path, raw, allowReplication, ['schedule', 'roles'], (item, at) => {
    const schedule = str(p, `${at}.schedule`, item.schedule, true);
    const validCron = schedule !== undefined && cronValidate(schedule);
    if (schedule !== undefined && !validCron) p.add(`${at}.schedule`, `'${schedule}' is not a valid cron expression (node-cron syntax, optional seconds field)`);
    const roles = item.roles ?? [...REAPER_ROLES];
    const badRoles = Array.isArray(roles) ? roles.filter((r) => !REAPER_ROLES.includes(r as never)) : [roles];
    if (!Array.isArray(roles) || roles.length === 0 || badRoles.length > 0) {
      p.add(`${at}.roles`, `must be a non-empty list of ${REAPER_ROLES.join(', ')}`);
    }
    return validCron && badRoles.length === 0 && Array.isArray(roles) && roles.length > 0 ? { schedule: schedule!, roles: roles as ReaperConfig['roles'] } : undefined;
  });

