import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';
import { MAX_FILE_BYTES, readPasswordFile, readSmallFile, UnreadableFileError } from '../input/read-file.js';
import { createConvict, type RawConfig } from './schema.js';
import type { AgentConfig, LogLevel, SentinelConfig } from './types.js';
import {
  Problems,
  validateMasters,
  validatePolicies,
  validateReapers,
  validateSentinels,
  validateTargets,
} from './validate-items.js';
import { validateClusters } from './validate-cluster.js';

export const DEFAULT_CONFIG_PATH = '/etc/reconf-agent/config.yaml';
/** The credential names looked up in $CREDENTIALS_DIRECTORY when auth.passwordFile / sentinelAuth.passwordFile are not set. */
export const DEFAULT_CREDENTIAL = 'redis-password';
export const DEFAULT_SENTINEL_CREDENTIAL = 'sentinel-password';

/** -c/--config, else RECONF_AGENT_CONFIG, else /etc/reconf-agent/config.yaml. */
export const configPath = (flag: string | undefined, env: NodeJS.ProcessEnv): string => flag ?? env.RECONF_AGENT_CONFIG ?? DEFAULT_CONFIG_PATH;

const readDocument = (path: string): unknown => {
  let text: string;
  try {
    text = readSmallFile(path, 'config file', MAX_FILE_BYTES);
  } catch (e) {
    throw e instanceof UnreadableFileError ? new ConfigError([`${path}: cannot read: ${e.why}`]) : e;
  }
  try {
    return parseYaml(text) ?? {};
  } catch (e) {
    throw new ConfigError([`${path}: not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`]);
  }
};

/** convict's strict validation, its messages split into one problem each. */
const convictProblems = (doc: unknown, p: Problems): RawConfig | undefined => {
  const conf = createConvict();
  try {
    conf.load(doc as object);
    conf.validate({ allowed: 'strict' });
    return conf.getProperties();
  } catch (e) {
    for (const line of (e as Error).message.split('\n')) {
      const m = /^(?:configuration param )?'?([\w.[\]]+)'?:?\s*(.*)$/.exec(line.trim());
      // our formats' messages already quote the value: drop convict's ": value was ..." after them
      if (line.trim()) p.list.push(m ? `${m[1]}: ${m[2]!.replace(/: value was .*$/, '')}` : line.trim());
    }
    return undefined;
  }
};

const resolvePassword = (
  p: Problems,
  key: string,
  file: string,
  credential: string,
  env: NodeJS.ProcessEnv,
): { password?: string; passwordFile?: string } => {
  const creds = env.CREDENTIALS_DIRECTORY;
  const path = file ? (isAbsolute(file) || !creds ? file : join(creds, file)) : creds && existsSync(join(creds, credential)) ? join(creds, credential) : '';
  if (!path) return {};
  const password = p.attempt(key, () => readPasswordFile(path));
  return password === undefined ? {} : { password, passwordFile: path };
};

/** Sentinels log in with sentinelAuth unless their URL carries credentials of its own. */
const withSentinelAuth = (sentinels: SentinelConfig[], username: string, password: string | undefined): SentinelConfig[] =>
  sentinels.map((s) =>
    s.target.username !== undefined || s.target.password !== undefined
      ? s
      : { ...s, target: { ...s.target, ...(username && { username }), ...(password !== undefined && { password }) } },
  );

/**
 * Validate a parsed document into an AgentConfig, reporting every problem at once with its
 * key path. Pure but for reading the password file.
 */
export const validateConfig = (doc: unknown, env: NodeJS.ProcessEnv): AgentConfig => {
  const p = new Problems();
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ConfigError(['(top level): must be a mapping of keys']);
  const d = doc as Record<string, unknown>;
  const raw = convictProblems(doc, p);
  const allowReplication = d.allowReplication === true;
  const targets = validateTargets(p, 'targets', d.targets);
  const sentinels = validateSentinels(p, 'sentinels', d.sentinels);
  const masters = validateMasters(p, 'masters', d.masters);
  const clusters = validateClusters(p, 'clusters', d.clusters);
  const policies = validatePolicies(p, 'policies', d.policies, allowReplication);
  const reapers = validateReapers(p, 'reapers', d.reapers, allowReplication);
  const auth = resolvePassword(p, 'auth.passwordFile', raw?.auth.passwordFile ?? '', DEFAULT_CREDENTIAL, env);
  const sentinelAuth = resolvePassword(p, 'sentinelAuth.passwordFile', raw?.sentinelAuth.passwordFile ?? '', DEFAULT_SENTINEL_CREDENTIAL, env);
  if (!raw || p.list.length > 0) throw new ConfigError(p.list);
  const tls = Object.fromEntries(Object.entries(raw.tls).filter(([, v]) => v !== ''));
  return {
    targets,
    sentinels: withSentinelAuth(sentinels, raw.sentinelAuth.username, sentinelAuth.password),
    masters,
    clusters,
    auth: { ...(raw.auth.username && { username: raw.auth.username }), ...auth },
    tls,
    watch: raw.watch,
    policies,
    reapers,
    dryRun: raw.dryRun,
    allowReplication: raw.allowReplication,
    admin: raw.admin,
    log: { level: raw.log.level as LogLevel },
  };
};

/**
 * What `run` needs beyond a valid file: something to watch. A hook-only config (policies and
 * `masters` as a filter on master names, no targets or sentinels) is valid without it.
 */
export const watchProblems = (cfg: Pick<AgentConfig, 'targets' | 'sentinels' | 'masters' | 'clusters'>): string[] => [
  ...(cfg.masters.length > 0 && cfg.sentinels.length === 0 ? ['masters: needs at least one entry in sentinels to follow them through'] : []),
  ...(cfg.targets.length === 0 && cfg.masters.length === 0 && cfg.clusters.length === 0 ? ['targets: nothing to watch: give targets, sentinels and masters, or clusters'] : []),
];

/** Read and validate the config file; throws ConfigError listing every problem. */
export const loadConfig = (path: string, env: NodeJS.ProcessEnv): AgentConfig => validateConfig(readDocument(path), env);
