import convict from 'convict';
import { count, durationMs, listenAddress, strictBoolean } from './formats.js';
import { LOG_LEVELS } from './types.js';

/**
 * The convict schema for the top level of the config file. Scalars are checked here, by the
 * formats in formats.ts (the watch numbers against input/bounds.ts). Arrays of objects (targets,
 * policies, reapers...) are checked element by element in validate-items.ts, since convict
 * has no per-element schema; both report every problem with its key path.
 */
export const schema = {
  targets: { doc: 'Instances to watch: { name?, url } or { name?, host, port }.', format: Array, default: [] as unknown[] },
  sentinels: { doc: 'Sentinels to subscribe to and discover targets from: { name?, url }.', format: Array, default: [] as unknown[] },
  masters: { doc: 'Master names followed through the sentinels.', format: Array, default: [] as unknown[] },
  clusters: { doc: 'Redis/Valkey Clusters whose nodes are discovered from seeds: { name?, seeds, refreshIntervalMs? } (validate-cluster.ts).', format: Array, default: [] as unknown[] },
  auth: {
    username: { doc: 'ACL user the agent logs in as.', format: String, default: '' },
    passwordFile: {
      doc: 'File holding the password; a relative name is looked up in $CREDENTIALS_DIRECTORY.',
      format: String,
      default: '',
      sensitive: true,
    },
  },
  sentinelAuth: {
    username: { doc: 'ACL user for the Sentinels (when their URLs carry none).', format: String, default: '' },
    passwordFile: {
      doc: 'File holding the Sentinels\' password; a relative name is looked up in $CREDENTIALS_DIRECTORY.',
      format: String,
      default: '',
      sensitive: true,
    },
  },
  tls: {
    ca: { doc: 'CA bundle for rediss:// targets.', format: String, default: '' },
    cert: { doc: 'Client certificate.', format: String, default: '' },
    key: { doc: 'Client key.', format: String, default: '', sensitive: true },
    servername: { doc: 'SNI / certificate name to expect.', format: String, default: '' },
  },
  watch: {
    pollIntervalMs: { doc: 'How often ROLE is polled on each target.', format: durationMs(10), default: 1000 },
    flapWindowMs: { doc: 'Window for counting role changes.', format: durationMs(1), default: 60000 },
    flapMaxChanges: { doc: 'More changes than this in the window hold the target; 0 never holds.', format: count(0), default: 3 },
    timeoutMs: { doc: 'Per-target connect and command timeout.', format: durationMs(1), default: 2000 },
    dedupeWindowMs: { doc: 'The same change reported again (poller and Sentinel) within this window runs no policy again.', format: durationMs(0), default: 60000 },
    discoveryIntervalMs: { doc: 'How often the Sentinels are asked for the masters and replicas of `masters`.', format: durationMs(100), default: 10000 },
  },
  policies: { doc: 'Run when a target changes role.', format: Array, default: [] as unknown[] },
  reapers: { doc: 'Run on a schedule.', format: Array, default: [] as unknown[] },
  dryRun: { doc: 'Log what would be killed, kill nothing.', format: strictBoolean, default: false },
  allowReplication: { doc: 'Let filters reach replication links.', format: strictBoolean, default: false },
  admin: { listen: { doc: 'Admin HTTP listen address (host:port or unix:/path); "" disables.', format: listenAddress, default: '127.0.0.1:9477' } },
  log: { level: { doc: 'pino log level.', format: LOG_LEVELS as unknown as string[], default: 'info' } },
};

/** The shape convict returns after validation. */
export interface RawConfig {
  targets: unknown[];
  sentinels: unknown[];
  masters: unknown[];
  clusters: unknown[];
  auth: { username: string; passwordFile: string };
  sentinelAuth: { username: string; passwordFile: string };
  tls: { ca: string; cert: string; key: string; servername: string };
  watch: { pollIntervalMs: number; flapWindowMs: number; flapMaxChanges: number; timeoutMs: number; dedupeWindowMs: number; discoveryIntervalMs: number };
  policies: unknown[];
  reapers: unknown[];
  dryRun: boolean;
  allowReplication: boolean;
  admin: { listen: string };
  log: { level: string };
}

/** A convict instance that reads neither env nor argv: the config file is the only source. */
export const createConvict = (): convict.Config<RawConfig> =>
  convict<RawConfig>(schema as unknown as convict.Schema<RawConfig>, { env: {}, args: [] });
