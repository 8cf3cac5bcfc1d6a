import type { AgentConfig } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import type { Metrics } from '../../metrics/metrics.js';
import { discover } from './sentinel-discovery.js';
import { SentinelPool } from './sentinel-pool.js';
import type { SentinelEvent } from './sentinel-events.js';
import { subscribeSentinel } from './sentinel-subscriber.js';
import { foldDiscovery, forgetAfterMs, knownAsDiscovered, type Discovered, type KnownInstance } from '../topology.js';

export interface LinkDeps {
  cfg(): AgentConfig;
  readonly metrics: Metrics;
  event(e: SentinelEvent, sentinel: string): void;
  /** The Sentinels reported this topology (on a timer, after events and after reconnects). */
  topology(d: readonly Discovered[]): void;
}

/**
 * Everything the daemon does with Sentinels: one subscriber per Sentinel, and discovery of the
 * followed masters' instances every discoveryIntervalMs and whenever an event or a reconnect
 * says the topology may have moved, over kept command connections (SentinelPool: the last
 * Sentinel that answered is asked first). Overlapping refresh requests run as one.
 */
export class SentinelLink {
  private subs: { name: string; close(): void }[] = [];
  private pool: SentinelPool | undefined;
  private readonly connected = new Map<string, boolean>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private known: ReadonlyMap<string, KnownInstance> = new Map();
  private readonly log: Logger;

  constructor(
    private readonly deps: LinkDeps,
    private readonly root: Logger,
  ) {
    this.log = root.child({ component: 'sentinel' });
  }

  /** Subscribe, discover once (awaited, so the first target set is complete), then keep refreshing. */
  async start(): Promise<void> {
    this.stopped = false;
    const cfg = this.deps.cfg();
    this.pool = new SentinelPool(cfg, { reconnect: true });
    for (const s of cfg.sentinels) {
      const log = this.root.child({ component: 'sentinel', sentinel: s.name });
      this.connected.set(s.name, false);
      this.deps.metrics.sentinelUp.set({ sentinel: s.name }, 0);
      const sub = subscribeSentinel(s, cfg, { event: this.deps.event, subscribed: (n) => this.setUp(n, true), down: (n) => this.setUp(n, false) }, log);
      this.subs.push({ name: s.name, ...sub });
    }
    await this.refresh();
    if (cfg.masters.length > 0) this.timer = setInterval(() => void this.refresh(), cfg.watch.discoveryIntervalMs);
  }

  /** Every instance the Sentinels reported lately, by master group. */
  discovered(): Discovered[] {
    return knownAsDiscovered(this.known);
  }

  /** Stop subscriptions and refreshes. `forget` also drops what was discovered (the Sentinels or masters changed). */
  stop(forget = false): void {
    if (forget) this.known = new Map();
    this.stopped = true;
    clearInterval(this.timer);
    this.pool?.close();
    this.pool = undefined;
    for (const s of this.subs) {
      s.close();
      this.deps.metrics.sentinelUp.remove({ sentinel: s.name });
    }
    this.subs = [];
    this.connected.clear();
  }

  status(): { name: string; connected: boolean }[] {
    return [...this.connected].map(([name, connected]) => ({ name, connected }));
  }

  /** Ask the Sentinels for the topology now (coalesced with a refresh already going). */
  refresh(): Promise<void> {
    const cfg = this.deps.cfg();
    const pool = this.pool;
    if (this.stopped || !pool || cfg.masters.length === 0) return Promise.resolve();
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        try {
          const cfg = this.deps.cfg();
          const found = await discover(pool, cfg.masters);
          this.known = foldDiscovery(this.known, found, Date.now(), forgetAfterMs(cfg.watch.discoveryIntervalMs));
          if (!this.stopped) this.deps.topology(this.discovered());
        } catch (e) {
          this.log.warn({ err: (e as Error).message }, 'sentinel discovery failed: keeping the current targets');
        }
      } while (this.again && !this.stopped);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private setUp(name: string, up: boolean): void {
    this.connected.set(name, up);
    this.deps.metrics.sentinelUp.set({ sentinel: name }, up ? 1 : 0);
    // Events may have been missed while the subscription was down.
    if (up) void this.refresh();
  }
}
