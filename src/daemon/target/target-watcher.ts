import { openSession } from '../../runner/session.js';
import type { Session } from '../../kill/kill-run.js';
import type { AgentConfig } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import { parseRoleReply } from './role.js';
import type { Observation } from './state-machine.js';
import { withTimeout } from './timeout.js';
import type { WatchedTarget } from '../topology.js';

export type WatchConfig = Pick<AgentConfig, 'auth' | 'tls' | 'watch'>;

/** What one poll saw, plus the facts the tracker logs: run id, or why it failed. */
export type PollResult = Observation & { readonly runId?: string; readonly error?: string };

/** Longest wait between reconnect attempts: the poll interval, at least 5 s. */
export const backoffMs = (failures: number, pollIntervalMs: number): number =>
  Math.min(pollIntervalMs * 2 ** Math.max(0, failures - 1), Math.max(pollIntervalMs, 5000));

/**
 * Polls ROLE on one target over one connection (named `reconf-agent`), forever, until stopped.
 * Every step is bounded by watch.timeoutMs; a failure closes the connection, reports the target
 * unreachable and retries with backoff. A new connection re-probes the server: a changed INFO
 * run_id is reported as a restart. The only adapter that talks to a target outside kill runs.
 */
export class TargetWatcher {
  private session: (Session & { close(): void }) | undefined;
  private runId: string | undefined;
  private failures = 0;
  private stopped = false;
  private woken = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    readonly target: WatchedTarget,
    private readonly cfg: () => WatchConfig,
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

  /** The live connection, for kill runs; undefined while the target is unreachable. */
  current(): Session | undefined {
    return this.session;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.drop();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const ok = await this.poll();
      this.failures = ok ? 0 : this.failures + 1;
      const { pollIntervalMs } = this.cfg().watch;
      await this.sleep(ok ? pollIntervalMs : backoffMs(this.failures, pollIntervalMs));
    }
  }

  private async poll(): Promise<boolean> {
    const r = await this.observe();
    if (this.stopped) return true;
    try {
      this.onPoll(r);
    } catch (e) {
      this.log.error({ err: (e as Error).message }, 'poll handler failed');
    }
    return r.kind === 'observed';
  }

  private async observe(): Promise<PollResult> {
    const { timeoutMs } = this.cfg().watch;
    try {
      let restarted = false;
      if (!this.session) {
        this.session = await this.open(timeoutMs);
        const runId = this.session.probe.info.runId;
        restarted = this.runId !== undefined && runId !== undefined && runId !== this.runId;
        this.runId = runId ?? this.runId;
      }
      const role = parseRoleReply(await withTimeout(this.session.redis.call('ROLE'), timeoutMs, `ROLE on ${this.target.name}`));
      return { kind: 'observed', role, restarted, ...(this.runId && { runId: this.runId }) };
    } catch (e) {
      this.drop();
      return { kind: 'unreachable', error: (e as Error).message ?? String(e) };
    }
  }

  /** openSession bounds each of its commands by timeoutMs; this bounds all of them, and closes a late connection. */
  private async open(timeoutMs: number): Promise<Session & { close(): void }> {
    const opening = openSession(this.target.target, this.cfg(), { label: this.target.name });
    try {
      return await withTimeout(opening, 4 * timeoutMs, `connect to ${this.target.name}`);
    } catch (e) {
      void opening.then((late) => late.close(), () => undefined);
      throw e;
    }
  }

  private drop(): void {
    this.session?.close();
    this.session = undefined;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wake = finish;
    });
  }
}
