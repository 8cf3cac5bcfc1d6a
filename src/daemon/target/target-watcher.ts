import type { Logger } from '../../log/logger.js';
import type { PollClock } from './poll-clock.js';
import type { Observation } from './state-machine.js';
import { askRole, connectionSettings, openPollSession, type PollSession, type WatchConfig } from './target-connection.js';
import type { WatchedTarget } from '../topology.js';

/** What one poll saw, plus the facts the tracker logs: run id, or why it failed. */
export type PollResult = Observation & { readonly runId?: string; readonly error?: string };

/** Longest wait between reconnect attempts: the poll interval, at least 5 s. */
export const backoffMs = (failures: number, pollIntervalMs: number): number =>
  Math.min(pollIntervalMs * 2 ** Math.max(0, failures - 1), Math.max(pollIntervalMs, 5000));

/**
 * Polls ROLE on one target over its own connection (named `reconf-agent`; kill runs have
 * another, see KillLane), forever, until stopped: at every tick of the daemon's PollClock, so
 * within one poll interval of the last poll when it answered, and after backoffMs (in whole
 * ticks) when it did not. Every step is bounded by watch.timeoutMs,
 * measured against the event loop; a failure closes this connection only, reports the target
 * unreachable and retries with backoff. A new connection re-probes the server: a changed INFO
 * run_id is reported as a restart. A reload that changes credentials or TLS reconnects at the
 * next poll; the target's state stays.
 */
export class TargetWatcher {
  private session: PollSession | undefined;
  private settings = '';
  /** The config `settings` was last worked out for: it changes only on a reload. */
  private settingsOf: WatchConfig | undefined;
  private wanted = '';
  private runId: string | undefined;
  private failures = 0;
  private stopped = false;
  private woken = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    readonly target: WatchedTarget,
    private readonly cfg: () => WatchConfig,
    private readonly clock: PollClock,
    private readonly onPoll: (r: PollResult) => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  /** Poll now instead of at the next interval (a Sentinel event named this target). */
  pollNow(): void {
    this.woken = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.drop();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const r = await this.observe();
      if (this.stopped) return;
      try {
        this.onPoll(r);
      } catch (e) {
        this.log.error({ err: (e as Error).message }, 'poll handler failed');
      }
      const ok = r.kind === 'observed';
      this.failures = ok ? 0 : this.failures + 1;
      const { pollIntervalMs } = this.cfg().watch;
      await this.sleep(ok ? 1 : Math.ceil(backoffMs(this.failures, pollIntervalMs) / pollIntervalMs));
    }
  }

  private async observe(): Promise<PollResult> {
    const cfg = this.cfg();
    try {
      let restarted = false;
      if (cfg !== this.settingsOf) {
        this.wanted = connectionSettings(cfg, false);
        this.settingsOf = cfg;
      }
      const settings = this.wanted;
      if (this.session && settings !== this.settings) this.drop();
      if (!this.session) {
        this.session = await openPollSession(this.target, cfg);
        this.settings = settings;
        const runId = this.session.probe.info.runId;
        restarted = this.runId !== undefined && runId !== undefined && runId !== this.runId;
        this.runId = runId ?? this.runId;
      }
      const role = await askRole(this.session, cfg);
      return { kind: 'observed', role, restarted, ...(this.runId && { runId: this.runId }) };
    } catch (e) {
      this.drop();
      return { kind: 'unreachable', error: (e as Error).message ?? String(e) };
    }
  }

  private drop(): void {
    this.session?.close();
    this.session = undefined;
  }

  /** Until the clock's `ticks`-th tick from now, or pollNow(), or stop(). */
  private sleep(ticks: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = (): void => {
        this.clock.cancel(waiter);
        this.wake = undefined;
        this.woken = false;
        resolve();
      };
      const waiter = this.clock.wait(ticks, finish);
      this.wake = finish;
    });
  }
}
