import type { ClauseKind } from '../filter/types.js';

export type Flavor = 'redis' | 'valkey' | 'dragonfly' | 'keydb';

/** What one server build accepts in CLIENT KILL and CLIENT LIST. */
export interface Capabilities {
  readonly flavor: Flavor;
  readonly version: string;
  /** Clause tokens CLIENT KILL takes natively, as written (`ID`, `NOT-USER`, `MAXAGE`...). */
  readonly killTokens: ReadonlySet<string>;
  /** CLIENT KILL takes SKIPME. */
  readonly skipme: boolean;
  /** `ID a b c` in one command (Valkey 8.1+). */
  readonly multiId: boolean;
  /** CLIENT KILL takes exactly one filter per call and never skips the caller (Dragonfly). */
  readonly singleFilter: boolean;
  /** `CLIENT LIST TYPE t` works (Redis 6.2+, Valkey). */
  readonly listByType: boolean;
  /** Valkey 9.0 bug: `FLAGS N` matches every client, so it must be emulated. */
  readonly flagsNBug: boolean;
  /** Where the facts came from. */
  readonly source: 'command-docs' | 'version-table';
}

export interface ServerInfo {
  readonly flavor: Flavor;
  readonly version: string;
  readonly runId?: string;
  /** INFO server says `redis_mode:sentinel` (Valkey 8: `server_mode`): a Sentinel, not a data node. */
  readonly sentinel?: true;
}

const BASE = ['ID', 'TYPE', 'ADDR'];
const VALKEY9 = ['NAME', 'IDLE', 'FLAGS', 'LIB-NAME', 'LIB-VER', 'DB', 'IP', 'CAPA'];
const NOT_FORMS = ['ID', 'TYPE', 'USER', 'ADDR', 'LADDR', 'NAME', 'FLAGS', 'LIB-NAME', 'LIB-VER', 'DB', 'CAPA', 'IP'].map(
  (t) => `NOT-${t}`,
);

/** Parse `INFO server` text: flavour, version and run id. */
export const parseInfoServer = (text: string): ServerInfo => {
  const kv = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) kv.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  const runId = kv.get('run_id');
  const sentinel = (kv.get('redis_mode') ?? kv.get('server_mode')) === 'sentinel';
  const withRun = (info: { flavor: Flavor; version: string }): ServerInfo => ({ ...info, ...(runId && { runId }), ...(sentinel && { sentinel: true as const }) });
  const df = kv.get('dragonfly_version');
  if (df) return withRun({ flavor: 'dragonfly', version: df.replace(/^df-v?/, '') });
  const valkey = kv.get('valkey_version');
  if (valkey || kv.get('server_name') === 'valkey') return withRun({ flavor: 'valkey', version: valkey ?? kv.get('redis_version') ?? '0' });
  if (kv.has('mvcc-depth') || kv.has('storage_provider') || /keydb/i.test(kv.get('executable') ?? '')) {
    return withRun({ flavor: 'keydb', version: kv.get('redis_version') ?? '0' });
  }
  return withRun({ flavor: 'redis', version: kv.get('redis_version') ?? '0' });
};

/** Compare dotted versions numerically: -1, 0 or 1. */
export const compareVersions = (a: string, b: string): number => {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
};

const atLeast = (v: string, min: string): boolean => compareVersions(v, min) >= 0;

/** Capabilities from the version table in docs/servers: used when COMMAND DOCS does not answer. */
export const capabilitiesFromVersion = (info: ServerInfo): Capabilities => {
  const { flavor, version } = info;
  const v = (min: string) => atLeast(version, min);
  if (flavor === 'dragonfly') {
    return {
      flavor,
      version,
      killTokens: new Set(['ID', 'ADDR', 'LADDR']),
      skipme: false,
      multiId: false,
      singleFilter: true,
      listByType: false,
      flagsNBug: false,
      source: 'version-table',
    };
  }
  const tokens = [...BASE];
  if (v('6.0')) tokens.push('USER');
  if (v('6.2')) tokens.push('LADDR');
  const valkey = flavor === 'valkey';
  if ((valkey && v('8.0')) || (!valkey && flavor === 'redis' && v('7.4'))) tokens.push('MAXAGE');
  if (valkey && v('9.0')) tokens.push(...VALKEY9);
  if (valkey && v('9.1')) tokens.push(...NOT_FORMS);
  return {
    flavor,
    version,
    killTokens: new Set(tokens),
    skipme: true,
    multiId: valkey && v('8.1'),
    singleFilter: false,
    listByType: v('6.2') || valkey,
    flagsNBug: valkey && v('9.0') && !v('9.1'),
    source: 'version-table',
  };
};

type DocsNode = unknown;

/** Walk a COMMAND DOCS argument tree (flat in 7.0, nested from 7.2) collecting tokens and ID's flags. */
const walkDocs = (node: DocsNode, tokens: Set<string>, idFlags: Set<string>): void => {
  if (!Array.isArray(node)) return;
  const isPairs = node.length % 2 === 0 && node.every((x, i) => i % 2 === 1 || typeof x === 'string');
  if (isPairs) {
    const props = new Map<string, unknown>();
    for (let i = 0; i < node.length; i += 2) props.set(node[i] as string, node[i + 1]);
    const token = props.get('token');
    if (typeof token === 'string') {
      tokens.add(token.toUpperCase());
      const flags = props.get('flags');
      if (token.toUpperCase() === 'ID' && Array.isArray(flags)) for (const f of flags) idFlags.add(String(f));
    }
    const args = props.get('arguments');
    if (args !== undefined) walkDocs(args, tokens, idFlags);
    if (props.size > 0 && (props.has('name') || props.has('summary') || props.has('arguments'))) return;
  }
  for (const child of node) walkDocs(child, tokens, idFlags);
};

/**
 * Capabilities from a `COMMAND DOCS client|kill` reply (RESP2 arrays). Returns undefined when
 * the reply has no argument tree (server without COMMAND DOCS).
 */
export const capabilitiesFromDocs = (docs: unknown, info: ServerInfo): Capabilities | undefined => {
  const tokens = new Set<string>();
  const idFlags = new Set<string>();
  walkDocs(docs, tokens, idFlags);
  if (!tokens.has('ID')) return undefined;
  const table = capabilitiesFromVersion(info);
  const known = new Set(['ID', 'TYPE', 'USER', 'ADDR', 'LADDR', 'MAXAGE', ...VALKEY9, ...NOT_FORMS]);
  return {
    ...table,
    killTokens: new Set([...tokens].filter((t) => known.has(t))),
    skipme: tokens.has('SKIPME'),
    multiId: idFlags.has('multiple'),
    source: 'command-docs',
  };
};

/** Is a clause token (`MAXAGE`, `NOT-USER`...) accepted natively? */
export const supportsToken = (caps: Capabilities, kind: ClauseKind, negate: boolean): boolean =>
  caps.killTokens.has((negate ? 'NOT-' : '') + kind.toUpperCase());
