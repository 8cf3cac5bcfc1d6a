import type { Logger } from '../../log/logger.js';
import type { PollClock, Waiter } from './poll-clock.js';
import type { Observation } from './state-machine.js';
import { connectionSettings, openPollSession, pollRole, type PollSession, type WatchConfig } from './target-connection.js';
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
 *
 * A poll on an open connection is callbacks only (the clock's, then the ROLE answer's): no promise
 * or async frame, which at 200 targets a second was a fifth of the daemon's CPU
 * (docs/benchmarks.md). Connecting is the one step that awaits.
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
  /** A poll is under way: connecting, or waiting for its ROLE answer. */
  private polling = false;
  private polls = 0;
  /** pollNow() came while a poll was under way: the next one starts without waiting for the clock. */
  private woken = false;
  /** Where this watcher waits in the clock's queue between polls. */
  private waiter: Waiter | undefined;
  /** stop() waits for the poll under way: this ends its wait. */
  private stopping: (() => void) | undefined;
  private stopped$: Promise<void> | undefined;
  private readonly due = (): void => {
    this.waiter = undefined;
    this.poll();
  };

  constructor(
    readonly target: WatchedTarget,
    private readonly cfg: () => WatchConfig,
    private readonly clock: PollClock,
    private readonly onPoll: (r: PollResult) => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.poll();
  }

  /** How many polls have started; while onPoll runs, the number of the poll it reports. */
  get started(): number {
    return this.polls;
  }

  /** Poll now instead of at the next interval (a Sentinel event or a cluster's topology named this target). */
  pollNow(): void {
    if (!this.waiter) {
      this.woken = true;
      return;
    }
    this.clock.cancel(this.waiter);
    this.waiter = undefined;
    // After the caller's own work, as a wait that ends does.
    queueMicrotask(this.due);
  }

  /** No poll starts after this; resolves once the one under way (bounded by its timeouts) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.waiter) this.clock.cancel(this.waiter);
    this.waiter = undefined;
    if (this.polling) await (this.stopped$ ??= new Promise<void>((resolve) => (this.stopping = resolve)));
    this.drop();
  }

  private poll(): void {
    if (this.stopped) return;
    this.polling = true;
    this.polls++;
    const cfg = this.cfg();
    if (cfg !== this.settingsOf) {
      this.wanted = connectionSettings(cfg, false);
      this.settingsOf = cfg;
    }
    if (this.session && this.wanted !== this.settings) this.drop();
    if (this.session) this.ask(this.session, cfg, false);
    else void this.connect(cfg);
  }

  private async connect(cfg: WatchConfig): Promise<void> {
    const settings = this.wanted;
    let s: PollSession;
    try {
      s = await openPollSession(this.target, cfg);
    } catch (e) {
      return this.polled(unreachable(e));
    }
    this.session = s;
    this.settings = settings;
    const runId = s.probe.runId;
    const restarted = this.runId !== undefined && runId !== undefined && runId !== this.runId;
    this.runId = runId ?? this.runId;
    this.ask(s, cfg, restarted);
  }

  private ask(s: PollSession, cfg: WatchConfig, restarted: boolean): void {
    try {
      pollRole(s, cfg, (e, role) => {
        if (e) {
          this.drop();
          return this.polled(unreachable(e));
        }
        this.polled(this.runId ? { kind: 'observed', role: role!, restarted, runId: this.runId } : { kind: 'observed', role: role!, restarted });
      });
    } catch (e) {
      this.drop();
      this.polled(unreachable(e));
    }
  }

  /** One poll has ended: report it, then wait for the next (or, when stopping, let stop() go on). Once a poll. */
  private polled(r: PollResult): void {
    if (!this.polling) return;
    this.polling = false;
    if (!this.stopped) {
      try {
        this.onPoll(r);
      } catch (e) {
        this.log.error({ err: (e as Error).message }, 'poll handler failed');
      }
    }
    if (this.stopped) {
      this.stopping?.();
      return;
    }
    const ok = r.kind === 'observed';
    this.failures = ok ? 0 : this.failures + 1;
    if (this.woken) {
      this.woken = false;
      queueMicrotask(this.due);
      return;
    }
    const { pollIntervalMs } = this.cfg().watch;
    this.waiter = this.clock.wait(ok ? 1 : Math.ceil(backoffMs(this.failures, pollIntervalMs) / pollIntervalMs), this.due);
  }

  private drop(): void {
    this.session?.close();
    this.session = undefined;
  }
}

const unreachable = (e: unknown): PollResult => ({ kind: 'unreachable', error: (e as Error).message ?? String(e) });
