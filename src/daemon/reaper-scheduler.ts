import { createTask, type ScheduledTask } from 'node-cron';
import type { AgentConfig, ReaperConfig } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { runReaper, type ReaperRunResult, type ReaperTarget } from './reaper-run.js';

export interface SchedulerDeps {
  cfg(): AgentConfig;
  /** Every watched target with its current role and connection. */
  targets(): ReaperTarget[];
  readonly metrics: Metrics;
  /** A run finished: its kill runs are counted by the caller. */
  onRun(r: ReaperRunResult): void;
}

export interface ReaperStatus {
  readonly name: string;
  readonly schedule: string;
  readonly roles: readonly string[];
  readonly running: boolean;
  readonly nextRun: string | null;
  readonly lastRun?: { readonly at: string; readonly durationMs: number; readonly matched: number; readonly killed: number; readonly refused: boolean; readonly unreachable: readonly string[] };
}

/** node-cron's own warnings (missed runs) go to our log, never to the console. */
const cronLogger = (log: Logger) => ({
  info: (m: string) => log.debug(m),
  warn: (m: string) => log.warn(m),
  error: (m: string | Error) => log.error(String(m)),
  debug: (m: string | Error) => log.debug(String(m)),
});

/**
 * Runs the reapers on their node-cron schedules. A reaper never overlaps itself: node-cron's
 * `noOverlap` skips a tick that comes while its previous run is still going (counted and logged
 * here). A run asked for by hand meanwhile queues on each node's kill lane behind the scheduled
 * one. Survives reloads: `replace` swaps the schedules but keeps track of runs already going.
 */
export class ReaperScheduler {
  private tasks: { reaper: ReaperConfig; task: ScheduledTask }[] = [];
  private readonly running = new Map<string, Set<Promise<ReaperRunResult | undefined>>>();
  private readonly last = new Map<string, ReaperRunResult>();

  constructor(
    private readonly deps: SchedulerDeps,
    private readonly log: Logger,
  ) {}

  /** Schedule these reapers instead of the current ones. */
  async replace(reapers: readonly ReaperConfig[]): Promise<void> {
    await this.clear();
    this.tasks = reapers.map((reaper) => {
      const task = createTask(reaper.schedule, () => this.fire(reaper), { name: `reaper:${reaper.name}`, noOverlap: true, logger: cronLogger(this.log) });
      task.on('execution:overlap', () => {
        this.deps.metrics.reaperRuns.inc({ reaper: reaper.name, outcome: 'skipped' });
        this.log.warn({ reaper: reaper.name }, 'previous run still going: this tick is skipped');
      });
      void task.start();
      return { reaper, task };
    });
  }

  /** Stop every schedule and wait (the caller bounds it) for runs already going. */
  async stop(): Promise<void> {
    await this.clear();
    await Promise.all([...this.running.values()].flatMap((runs) => [...runs]));
  }

  status(): ReaperStatus[] {
    return this.tasks.map(({ reaper, task }) => {
      const last = this.last.get(reaper.name);
      return {
        name: reaper.name,
        schedule: reaper.schedule,
        roles: reaper.roles,
        running: this.running.has(reaper.name),
        nextRun: task.getNextRun()?.toISOString() ?? null,
        ...(last && {
          lastRun: {
            at: new Date(last.startedAt).toISOString(),
            durationMs: last.durationMs,
            matched: last.results.reduce((n, r) => n + r.matched, 0),
            killed: last.results.reduce((n, r) => n + r.killed, 0),
            refused: last.refused,
            unreachable: last.unreachable,
          },
        }),
      };
    });
  }

  /** One run: its result, or undefined when it failed. Never throws. */
  fire(reaper: ReaperConfig): Promise<ReaperRunResult | undefined> {
    const { metrics } = this.deps;
    const log = this.log.child({ reaper: reaper.name });
    const runs = this.running.get(reaper.name) ?? new Set();
    const run = (async () => {
      const r = await runReaper(reaper, this.deps.targets(), this.deps.cfg(), log);
      metrics.reaperRuns.inc({ reaper: reaper.name, outcome: r.refused || r.unreachable.length > 0 || r.failed.length > 0 ? 'partial' : 'ok' });
      metrics.reaperDuration.observe({ reaper: reaper.name }, r.durationMs / 1000);
      this.last.set(reaper.name, r);
      if (r.unreachable.length > 0) log.warn({ unreachable: r.unreachable }, 'reaper could not reach every target');
      this.deps.onRun(r);
      return r;
    })()
      .catch((e: Error) => {
        log.error({ err: e.message }, 'reaper run failed');
        return undefined;
      })
      .finally(() => {
        runs.delete(run);
        if (runs.size === 0) this.running.delete(reaper.name);
      });
    runs.add(run);
    this.running.set(reaper.name, runs);
    return run;
  }

  private async clear(): Promise<void> {
    const tasks = this.tasks;
    this.tasks = [];
    await Promise.all(tasks.map(({ task }) => task.destroy()));
  }
}
