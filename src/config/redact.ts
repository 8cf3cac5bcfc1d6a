import { printFilter } from '../kill/filter/print.js';
import { targetLabel, type Target } from '../target/target.js';
import { REDACTED } from '../log/redact.js';
import type { AgentConfig } from './types.js';

/** A target as a URL with its password replaced: `redis://app:(redacted)@host:6379`. Pure. */
export const redactedUrl = (t: Target): string => {
  const user = t.username ? encodeURIComponent(t.username) : '';
  const userinfo = t.password !== undefined ? `${user}:${REDACTED}@` : user ? `${user}@` : '';
  if (t.kind === 'unix') return userinfo ? `unix://${userinfo}${t.path}` : `unix:${t.path}`;
  return `${t.tls ? 'rediss' : 'redis'}://${userinfo}${targetLabel(t)}`;
};

/**
 * The effective configuration (defaults filled in) as plain data for `check-config`, with every
 * secret redacted: the password (only whether one is set shows) and passwords inside URLs.
 * Filters are printed back in the filter language.
 */
export const effectiveConfig = (cfg: AgentConfig): Record<string, unknown> => ({
  targets: cfg.targets.map((t) => ({ name: t.name, url: redactedUrl(t.target) })),
  sentinels: cfg.sentinels.map((s) => ({ name: s.name, url: redactedUrl(s.target) })),
  masters: cfg.masters,
  clusters: cfg.clusters.map((c) => ({ ...c, seeds: c.seeds.map(redactedUrl) })),
  auth: {
    ...(cfg.auth.username && { username: cfg.auth.username }),
    ...(cfg.auth.passwordFile && { passwordFile: cfg.auth.passwordFile }),
    password: cfg.auth.password !== undefined ? REDACTED : '(none)',
  },
  tls: cfg.tls,
  watch: cfg.watch,
  policies: cfg.policies.map((p) => ({ ...p, filter: printFilter(p.filter) })),
  reapers: cfg.reapers.map((r) => ({ ...r, filter: printFilter(r.filter) })),
  dryRun: cfg.dryRun,
  allowReplication: cfg.allowReplication,
  admin: cfg.admin,
  log: cfg.log,
});
