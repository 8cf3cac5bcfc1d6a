import type { Filter } from '../kill/filter/types.js';
import type { Target } from '../target/target.js';
import type { TlsFiles } from '../target/connect.js';

import type { Batch, RoleEvent } from '../kill/trigger.js';

export { EVENTS, type Batch, type RoleEvent } from '../kill/trigger.js';

/** Roles a reaper can apply to. */
export const REAPER_ROLES = ['master', 'replica'] as const;
export type ReaperRole = (typeof REAPER_ROLES)[number];

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface TargetConfig {
  /** Operator-facing name (defaults to host:port or the socket path). */
  readonly name: string;
  readonly target: Target;
}

export interface SentinelConfig {
  readonly name: string;
  readonly target: Target;
}

/** A Redis/Valkey Cluster whose nodes are discovered and watched as targets `<name>/<host:port>`. */
export interface ClusterConfig {
  readonly name: string;
  /** Asked in order until one answers CLUSTER SHARDS (or CLUSTER NODES). */
  readonly seeds: readonly Extract<Target, { kind: 'tcp' }>[];
  /** How often the topology is asked for again (also after every role change seen). */
  readonly refreshIntervalMs: number;
}

export interface PolicyConfig {
  readonly name: string;
  readonly on: RoleEvent;
  readonly filter: Filter;
  /** Spare clients that connected after the change was detected. */
  readonly onlyBeforeChange: boolean;
  readonly maxKills?: number;
  readonly batch?: Batch;
}

export interface ReaperConfig {
  readonly name: string;
  /** node-cron expression, validated at load. */
  readonly schedule: string;
  readonly roles: readonly ReaperRole[];
  readonly filter: Filter;
  readonly batch?: Batch;
  readonly maxKills?: number;
}

export interface WatchSettings {
  /** How often ROLE is polled on each target. */
  readonly pollIntervalMs: number;
  /** Window for counting role changes. */
  readonly flapWindowMs: number;
  /** More changes than this in the window hold the target; 0 never holds. */
  readonly flapMaxChanges: number;
  /** Per-target connect and command timeout. */
  readonly timeoutMs: number;
  /** The same change reported again within this window runs no policy again. */
  readonly dedupeWindowMs: number;
  /** How often the Sentinels are asked for the topology of `masters`. */
  readonly discoveryIntervalMs: number;
}

/** The validated, typed configuration every inner module receives; nothing inside reads files or env. */
export interface AgentConfig {
  readonly targets: readonly TargetConfig[];
  readonly sentinels: readonly SentinelConfig[];
  readonly masters: readonly string[];
  readonly clusters: readonly ClusterConfig[];
  readonly auth: { readonly username?: string; readonly password?: string; readonly passwordFile?: string };
  readonly tls: TlsFiles;
  readonly watch: WatchSettings;
  readonly policies: readonly PolicyConfig[];
  readonly reapers: readonly ReaperConfig[];
  readonly dryRun: boolean;
  readonly allowReplication: boolean;
  readonly admin: { readonly listen: string };
  readonly log: { readonly level: LogLevel };
}
