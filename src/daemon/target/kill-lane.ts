import type { Session } from '../../kill/kill-run.js';
import type { Logger } from '../../log/logger.js';
import type { WatchedTarget } from '../topology.js';
import type { OpenSession } from '../../runner/session.js';
import { connectionSettings, openTargetSession, type WatchConfig } from './target-connection.js';
import { settleWithin } from './timeout.js';

/** A job on the lane: a kill run (or several) on the lane's connection; `signal` aborts batch pauses. */
export type LaneJob<T> = (s: Session, signal: AbortSignal) => Promise<T>;

/** What became of a job: its value, or why it did not run (no connection, or the lane was stopping). */
export type LaneOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: 'unreachable' | 'stopped'; readonly error: string };

/**
 * The one way the daemon's kill runs reach a target: a connection of their own, apart from the
 * ROLE poll's (a poll timeout never closes it under a run), and one serial queue, so policy,
 * sweep and reaper runs on one node never interleave. The connection is opened on first use,
 * kept between runs, and opened again when it was lost or a reload changed its settings (only
 * between runs: a reload never cuts a run).
 */
export class KillLane {
  private session: OpenSession | undefined;
  private settings = '';
  private tail: Promise<unknown> = Promise.resolve();
  private stopping = false;
  private readonly abort = new AbortController();

  constructor(
    readonly target: WatchedTarget,
    private readonly cfg: () => WatchConfig,
    private readonly log: Logger,
  ) {}

  /** Queue `job` behind every job queued before it. Never rejects. */
  run<T>(job: LaneJob<T>): Promise<LaneOutcome<T>> {
    if (this.stopping) return Promise.resolve(stopped);
    const next = this.tail.then(() => this.runNow(job));
    this.tail = next;
    return next;
  }

  /** Resolves when no job is queued or running. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  /**
   * Stop taking jobs. `abortAfterMs` 0 aborts at once: the running job's batch pauses end, no new
   * batch starts, its audit line says how many died, and queued jobs do not start. Otherwise the
   * jobs already queued get that long to finish first. Then the connection closes, which ends a job
   * still going (it gets AUDIT_GRACE_MS more to write its audit line). Resolves true when the lane
   * drained within `boundMs` in all.
   */
  async stop(abortAfterMs: number, boundMs: number): Promise<boolean> {
    this.stopping = true;
    const started = Date.now();
    if (abortAfterMs <= 0 || !(await settleWithin(this.idle(), abortAfterMs))) this.abort.abort();
    const drained = await settleWithin(this.idle(), Math.max(0, boundMs - (Date.now() - started)));
    this.drop();
    // A run still going is cut off by the close (its commands fail at once): let it write its audit line.
    if (!drained) await settleWithin(this.idle(), AUDIT_GRACE_MS);
    return drained;
  }

  /** Take no more jobs and close the connection; for one-shot callers whose jobs are done. */
  close(): void {
    this.stopping = true;
    this.drop();
  }

  private async runNow<T>(job: LaneJob<T>): Promise<LaneOutcome<T>> {
    if (this.stopping && this.abort.signal.aborted) return stopped;
    let s: OpenSession;
    try {
      s = await this.connection();
    } catch (e) {
      return { ok: false, reason: 'unreachable', error: (e as Error).message ?? String(e) };
    }
    try {
      return { ok: true, value: await job(s, this.abort.signal) };
    } finally {
      if (s.redis.status !== 'ready') this.drop();
    }
  }

  private async connection(): Promise<OpenSession> {
    const cfg = this.cfg();
    const settings = connectionSettings(cfg, true);
    if (this.session && (this.session.redis.status !== 'ready' || settings !== this.settings)) this.drop();
    if (!this.session) {
      this.session = await openTargetSession(this.target, cfg);
      this.settings = settings;
      this.log.debug('kill connection open');
    }
    return this.session;
  }

  private drop(): void {
    this.session?.close();
    this.session = undefined;
  }
}

/** How long a run cut off by the lane's close gets to write its audit line. */
const AUDIT_GRACE_MS = 1000;

const stopped: LaneOutcome<never> = { ok: false, reason: 'stopped', error: 'the daemon is stopping' };
