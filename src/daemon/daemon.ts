import { EventEmitter } from 'node:events';
import type { AgentConfig } from '../config/types.js';
import { parseListen } from '../config/listen.js';
import { startAdminServer, type AdminServer } from '../admin/server.js';
import type { Logger } from '../log/logger.js';
import { createMetrics } from '../metrics/metrics.js';
import { noopNotifier, type Notifier } from '../systemd/notify.js';
import { VERSION } from '../version.js';
import { ClusterLink } from './cluster/cluster-link.js';
import type { ClusterNode } from './cluster/cluster-nodes.js';
import { clusterTargetName, reportedRole, withClusterTargets } from './cluster/cluster-targets.js';
import { Dedupe } from './dedupe.js';
import type { DaemonEventMap, DaemonEvents } from './events.js';
import { ReaperScheduler } from './reaper-scheduler.js';
import type { ReaperRunResult } from './reaper-run.js';
import { followed, type SentinelEvent } from './sentinel/sentinel-events.js';
import { sentinelTls } from './sentinel/sentinel-discovery.js';
import { SentinelLink } from './sentinel/sentinel-link.js';
import { targetStatus, type DaemonStatus } from './status.js';
import { PollClock } from './target/poll-clock.js';
import { drainMs, TargetSet } from './target/target-set.js';
import { settleWithin } from './target/timeout.js';
import { mergeTargets } from './topology.js';

export interface DaemonDeps {
  readonly logger: Logger;
  /** systemd notifications (READY, RELOADING, STOPPING, STATUS); none by default. */
  readonly notify?: Notifier;
}

/** A running daemon. Signals are the caller's business (the `run` command maps them to these). */
export interface DaemonHandle {
  /**
   * Stop schedules, subscriptions and polls; start no new run; abort the batch pauses of runs in
   * flight and wait for them (each still writes its audit line) for drainMs at most; close every
   * connection. Resolves false when a run was still going at the bound.
   */
  stop(): Promise<boolean>;
  /** Apply a new, already validated config; what did not change keeps its state and connections. */
  reload(cfg: AgentConfig): Promise<void>;
  /** The /status document. */
  status(): DaemonStatus;
  /** Every target has been polled once (answered or not). */
  readonly ready: Promise<void>;
  readonly events: DaemonEvents;
  /** The /metrics text (Prometheus exposition format). */
  metrics(): Promise<string>;
  /** Where the admin server listens (`host:port`, `unix:/path`), undefined when admin.listen is "". */
  adminAddress(): string | undefined;
  /** Run one reaper now, as its schedule would; undefined for an unknown name. */
  runReaper(name: string): Promise<ReaperRunResult | undefined>;
}

/**
 * Start watching: admin server first (a bad listen address fails before anything connects),
 * then Sentinel subscriptions and discovery, then one watcher per target, then the reaper
 * schedules. Resolves once started; `ready` resolves when every target has been polled.
 */
export const startDaemon = async (initial: AgentConfig, deps: DaemonDeps): Promise<DaemonHandle> => {
  let cfg = initial;
  const notify = deps.notify ?? noopNotifier;
  const log = deps.logger.child({ component: 'daemon' });
  const metrics = createMetrics();
  const events: DaemonEvents = new EventEmitter<DaemonEventMap>();
  const startedAt = new Date().toISOString();
  const dedupe = new Dedupe(cfg.watch.dedupeWindowMs);
  let admin: AdminServer | undefined;
  let readyDone = false;
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));

  const targets: TargetSet = new TargetSet(
    { cfg: () => cfg, dedupe: () => dedupe, metrics, events, clock: new PollClock(() => cfg.watch.pollIntervalMs), polled: () => checkReady() },
    deps.logger,
  );
  const statusLine = () => `watching ${targets.all().length} targets (${targets.all().filter((t) => t.up).length} up), ${cfg.reapers.length} reapers${cfg.dryRun ? ', dry run' : ''}`;
  const checkReady = (): void => {
    if (readyDone || !targets.allPolled()) return;
    readyDone = true;
    log.info({ targets: targets.all().map((t) => t.target.name) }, 'ready: every target polled');
    notify.ready(statusLine());
    resolveReady();
  };
  const applyTargets = (): void => {
    targets.apply(withClusterTargets(mergeTargets(cfg.targets, link.discovered(), sentinelTls(cfg)), clusters.targets()));
    checkReady();
  };
  /** A cluster's topology was read: watch its nodes, and let it report the role changes it shows first (each node's own ROLE confirms them). */
  const onClusterTopology = (cluster: string, nodes: readonly ClusterNode[]): void => {
    applyTargets();
    for (const n of nodes) {
      const role = reportedRole(n);
      const t = targets.byAddr(n.addr);
      if (role && t?.target.name === clusterTargetName(cluster, n.addr)) t.reported(role, 'cluster');
    }
  };
  const onSentinelEvent = (e: SentinelEvent, sentinel: string): void => {
    if (!followed(e, cfg.masters)) return;
    log.info({ sentinel, sentinelEvent: e }, 'sentinel event');
    if (e.kind === 'switch-master') {
      targets.byAddr(e.from)?.sentinelSwitched(e.to, sentinel);
      targets.byAddr(e.to)?.watcher.pollNow();
    } else targets.byAddr(e.addr)?.watcher.pollNow();
    void link.refresh();
  };
  const link = new SentinelLink({ cfg: () => cfg, metrics, event: onSentinelEvent, topology: applyTargets }, deps.logger);
  const clusters = new ClusterLink({ cfg: () => cfg, topology: onClusterTopology }, deps.logger);
  // Any role change on a cluster node may be a failover: read that cluster's topology again.
  events.on('role-change', (e) => {
    const cluster = targets.byName(e.target)?.target.cluster;
    if (cluster && e.source !== 'cluster') void clusters.refresh(cluster);
  });
  const scheduler = new ReaperScheduler(
    {
      cfg: () => cfg,
      metrics,
      targets: () => targets.all().map((t) => t.asReaperTarget()),
      onRun: (r) => {
        for (const k of r.results) targets.byName(k.target)?.recordRun(k);
        events.emit('reaper-run', r);
      },
    },
    deps.logger.child({ component: 'reaper' }),
  );
  for (const e of ['target-up', 'target-down'] as const) events.on(e, () => readyDone && notify.status(statusLine()));

  const openAdmin = async (listen: string): Promise<AdminServer | undefined> => {
    const addr = parseListen(listen);
    if (addr.kind === 'off') return undefined;
    return startAdminServer(
      addr,
      {
        ready: () => readyDone && targets.allPolled(),
        status: () => status(),
        metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
      },
      deps.logger.child({ component: 'admin' }),
    );
  };
  const status = (): DaemonStatus => ({
    version: VERSION,
    pid: process.pid,
    startedAt,
    ready: readyDone,
    dryRun: cfg.dryRun,
    targets: targets.all().map(targetStatus),
    reapers: scheduler.status(),
    sentinels: link.status(),
    clusters: clusters.status(),
  });

  admin = await openAdmin(cfg.admin.listen);
  log.info(
    { targets: cfg.targets.map((t) => t.name), masters: cfg.masters, policies: cfg.policies.map((p) => `${p.name} (${p.on})`), reapers: cfg.reapers.map((r) => r.name), dryRun: cfg.dryRun },
    'daemon starting',
  );
  await Promise.all([link.start(), clusters.start()]);
  applyTargets();
  await scheduler.replace(cfg.reapers);

  const stop = async (): Promise<boolean> => {
    notify.stopping();
    const bound = drainMs(cfg.watch.timeoutMs);
    log.info({ drainMs: bound }, 'stopping: no new runs, batch pauses aborted, waiting for runs in flight');
    link.stop();
    clusters.stop();
    const reapers = scheduler.stop();
    const drained = (await targets.clear(bound)) && (await settleWithin(reapers, bound));
    if (!drained) log.error({ drainMs: bound }, 'runs still going after the drain bound: closing anyway');
    await admin?.close();
    log.info({ drained }, 'stopped');
    return drained;
  };

  const reload = async (next: AgentConfig): Promise<void> => {
    notify.reloading();
    const prev = cfg;
    cfg = next;
    deps.logger.level = next.log.level;
    const same = (pick: (c: AgentConfig) => unknown) => JSON.stringify(pick(prev)) === JSON.stringify(pick(next));
    dedupe.windowMs = next.watch.dedupeWindowMs;
    // Targets stay: new credentials, TLS files or timeouts open each connection again before its
    // next poll or run (never under a run); roles, flaps and pending runs are kept.
    if (!same((c) => [c.sentinels, c.masters, c.tls, c.watch.discoveryIntervalMs])) {
      link.stop(true);
      await link.start();
    }
    if (!same((c) => [c.clusters, c.auth, c.tls, c.watch.timeoutMs])) {
      clusters.stop(true);
      await clusters.start();
    }
    applyTargets();
    await scheduler.replace(next.reapers);
    if (!same((c) => c.admin.listen)) {
      try {
        const opened = await openAdmin(next.admin.listen);
        await admin?.close();
        admin = opened;
      } catch (e) {
        log.error({ err: (e as Error).message }, 'admin server not moved: keeps listening where it was');
      }
    }
    log.info({ policies: next.policies.map((p) => p.name), reapers: next.reapers.map((r) => r.name), dryRun: next.dryRun }, 'config reloaded');
    notify.ready(statusLine());
  };

  return {
    stop,
    reload,
    status,
    ready,
    events,
    metrics: () => metrics.registry.metrics(),
    adminAddress: () => admin?.address,
    runReaper: async (name) => {
      const r = cfg.reapers.find((x) => x.name === name);
      return r && scheduler.fire(r);
    },
  };
};
