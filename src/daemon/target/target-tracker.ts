import type { KillRunResult } from '../../kill/kill-run.js';
import type { AgentConfig } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import { recordKillRun, setRole, type Metrics, type PollCount } from '../../metrics/metrics.js';
import { reactionKey, type Dedupe } from '../dedupe.js';
import type { ChangeSource, DaemonEvents } from '../events.js';
import { noFlaps, recordChange, releaseIfStable, type FlapOptions, type FlapState } from './flap.js';
import type { ReaperTarget } from '../reaper-run.js';
import { roleText, sameRole, type ObservedRole } from './role.js';
import { runPolicies } from '../../runner/run-policies.js';
import { changeText, classify, initialState, knownRole, stateText, step, type RoleChange, type TargetState } from './state-machine.js';
import { TargetWatcher, type PollResult } from './target-watcher.js';
import type { PollClock } from './poll-clock.js';
import { KillLane } from './kill-lane.js';
import { ChangeWatermark } from './change-watermark.js';
import { takeWatermark } from '../../runner/watermark.js';
import type { RoleEvent } from '../../config/types.js';
import type { WatchedTarget } from '../topology.js';

/** One role change to react to, from one source. */
interface Reaction {
  readonly change: RoleChange;
  readonly source: ChangeSource;
  readonly at: number;
  /** The Sentinel that announced it, for Sentinel-sourced reactions. */
  readonly sentinel?: string;
}

/** A change another source reported: `afterPoll` is the watcher's poll count then, so only a later poll confirms it. */
interface Report {
  readonly key: string;
  readonly source: ChangeSource;
  readonly role: ObservedRole;
  readonly afterPoll: number;
}

export interface TrackerDeps {
  cfg(): AgentConfig;
  dedupe(): Dedupe;
  readonly metrics: Metrics;
  readonly events: DaemonEvents;
  /** When polls go out: one clock for every target. */
  readonly clock: PollClock;
  /** Called once, after the first poll (answered or not). */
  polled(t: TargetTracker): void;
}

const keyOf = (name: string, r: Reaction): string => reactionKey(name, r.change.event, r.change.newMaster);
const LAST_RUNS = 10;

/**
 * One watched target: its state machine, flap state and policy runs. Fed by its TargetWatcher
 * (polls) and by the daemon (Sentinel events); every reaction goes through one dedupe, so the
 * same change seen twice runs the policies once. Policy, sweep and reaper runs on the target
 * go through its one KillLane: serial, on a connection apart from the poll's. A reload keeps
 * the tracker, so its role, flap, dedupe and pending-run state survive it.
 */
export class TargetTracker {
  state: TargetState = initialState;
  flap: FlapState = noFlaps;
  up: boolean | undefined;
  runId: string | undefined;
  lastPollAt: number | undefined;
  lastChange: (Reaction & { readonly handled: 'ran' | 'held' | 'waiting' }) | undefined;
  readonly lastRuns: KillRunResult[] = [];
  readonly watcher: TargetWatcher;
  readonly lane: KillLane;
  private readonly watermark: ChangeWatermark;
  /** A reaction whose run could not reach the target: retried when it answers again. */
  private pending: Reaction | undefined;
  /** The last change another source reported, so a topology read again does not report it again. */
  private lastReported: string | undefined;
  /** A reported change waiting for the target's own ROLE to confirm it. */
  private report: Report | undefined;
  private readonly name: string;
  /** This target's poll count (reconf_agent_role_polls_total, read when scraped). */
  private readonly polls: PollCount;

  constructor(
    readonly target: WatchedTarget,
    private readonly deps: TrackerDeps,
    private readonly log: Logger,
    /** For kill runs: their audit lines carry the target themselves. */
    private readonly auditLog: Logger,
  ) {
    this.name = target.name;
    this.polls = deps.metrics.pollCount(this.name);
    this.watcher = new TargetWatcher(target, deps.cfg, deps.clock, (r) => this.onPoll(r), log);
    this.lane = new KillLane(target, deps.cfg, log);
    this.watermark = new ChangeWatermark(() => takeWatermark(target.target, deps.cfg()), log);
    setRole(deps.metrics, this.name, 'unknown');
  }

  start(): void {
    this.watcher.start();
  }

  /**
   * Stop polling and stop the kill lane (see KillLane.stop): no new run starts, the running
   * one gets `abortAfterMs` before its batch pauses are aborted, all within `boundMs`.
   * Resolves true when the lane drained in time.
   */
  async stop(abortAfterMs: number, boundMs: number): Promise<boolean> {
    // Both at once: a poll still connecting must not hold back the abort of a run.
    const [, drained] = await Promise.all([this.watcher.stop(), this.lane.stop(abortAfterMs, boundMs)]);
    return drained;
  }

  /** The target as a reaper sees it: its current role (absent while down or unknown) and its kill lane. */
  asReaperTarget(): ReaperTarget {
    const role = this.up && (this.state.kind === 'master' || this.state.kind === 'replica') ? knownRole(this.state) : undefined;
    return { name: this.name, lane: this.lane, ...(role && { role }) };
  }

  held(): boolean {
    return this.flap.heldSince !== undefined;
  }

  /**
   * Sentinel switched this instance's group to `newMaster`: it is demoted now, even while it still
   * claims to be master, so the demoted policies run at once. Each further Sentinel announcing it
   * sweeps the node once more; the poller's later sight of the same change is a duplicate.
   */
  sentinelSwitched(newMaster: string, sentinel: string): void {
    this.watcher.pollNow();
    const change: RoleChange = { event: 'demoted', from: { kind: 'master' }, to: { kind: 'replica', of: newMaster }, newMaster };
    this.react({ change, source: 'sentinel', at: Date.now(), sentinel }, false);
  }

  /**
   * Another source (a cluster's topology) says this target now has `role`. The target's own ROLE
   * decides: a view read from a node whose gossip lags can still show the role a node had before
   * its last change (seen in CI: a just-promoted replica shown as a replica again, whose clients a
   * demoted policy would then have killed). So the report only makes the target poll at once: a
   * poll that shows the same change raises it with the report's source; a poll started after the
   * report that shows another role drops it with a warning. Views that repeat a report ask nothing
   * more until a view agrees with the node again.
   */
  reported(role: ObservedRole, source: ChangeSource): void {
    const before = knownRole(this.state);
    const change = before && classify(before, role);
    // A view that agrees with the node again: the next one that differs is news.
    if (!change) return void (this.lastReported = undefined);
    const key = reactionKey(this.name, change.event, change.newMaster);
    if (key === this.lastReported) return;
    this.lastReported = key;
    this.report = { key, source, role, afterPoll: this.watcher.started };
    this.log.info({ event: change.event, change: changeText(change), source }, 'role change reported: asking the node itself');
    this.watcher.pollNow();
  }

  /**
   * The report this poll settles, taken from `report`: one whose change the poll shows (`key`), or
   * any, once a poll started after it has ended.
   */
  private settledReport(key: string | undefined): Report | undefined {
    const r = this.report;
    if (!r || (r.key !== key && this.watcher.started <= r.afterPoll)) return undefined;
    this.report = undefined;
    return r;
  }

  private onPoll(r: PollResult): void {
    const { metrics, events } = this.deps;
    const first = this.lastPollAt === undefined;
    this.lastPollAt = Date.now();
    const up = r.kind === 'observed';
    this.polls.polls++;
    if (this.up !== up) {
      metrics.targetUp.set({ target: this.name }, up ? 1 : 0);
      if (up) events.emit('target-up', { target: this.name });
      else events.emit('target-down', { target: this.name, error: r.error ?? 'unreachable' });
      this.log[up ? 'info' : 'warn']({ ...(r.error && { error: r.error }) }, up ? 'target up' : 'target unreachable');
    }
    this.up = up;
    const s = step(this.state, r);
    if (s.restarted && r.runId) {
      this.log.warn({ runId: r.runId, role: stateText(s.state) }, 'target restarted (new run_id): client ids start over; not a role change');
      metrics.restarts.inc({ target: this.name });
      events.emit('restarted', { target: this.name, runId: r.runId });
      this.watermark.forget();
    }
    this.runId = r.runId ?? this.runId;
    if (s.state.kind !== this.state.kind) setRole(metrics, this.name, s.state.kind);
    this.state = s.state;
    const key = s.change && reactionKey(this.name, s.change.event, s.change.newMaster);
    const report = this.settledReport(key);
    if (s.change) {
      this.lastReported = undefined;
      const reaction: Reaction = { change: s.change, source: report && report.key === key ? report.source : 'poll', at: this.lastPollAt };
      if (this.pending && keyOf(this.name, this.pending) === key) this.pending = undefined;
      this.react(reaction, false);
    } else if (report && r.kind === 'observed' && !sameRole(report.role, r.role)) {
      this.log.warn({ reported: roleText(report.role), role: roleText(r.role), source: report.source }, 'role change reported but the node itself says otherwise: not acted on');
    }
    if (up) this.afterAnswer();
    if (first) this.deps.polled(this);
  }

  /** The target answered: release a flap hold that has gone stable, retry a run that could not reach it. */
  private afterAnswer(): void {
    const rel = this.held() ? releaseIfStable(this.flap, Date.now(), this.flapOptions()) : undefined;
    if (rel?.released) {
      this.flap = rel.state;
      this.deps.metrics.targetHeld.set({ target: this.name }, 0);
      this.deps.events.emit('released', { target: this.name });
      this.log.info('target stable again: flap hold released, policies run again');
    }
    const retry = this.pending;
    this.pending = undefined;
    if (retry) this.react(retry, true);
  }

  private flapOptions(): FlapOptions {
    const w = this.deps.cfg().watch;
    return { windowMs: w.flapWindowMs, maxChanges: w.flapMaxChanges };
  }

  /** One change: announce it, drop it if already handled, hold it if the target flaps, else queue the policies. */
  private react(r: Reaction, retry: boolean): void {
    const { event } = r.change;
    const { metrics, events } = this.deps;
    const key = keyOf(this.name, r);
    const verdict = this.deps.dedupe().claim(this.name, key, r.at, r.sentinel);
    if (verdict === 'sweep') {
      metrics.sweeps.inc({ target: this.name });
      this.log.info({ event, sentinel: r.sentinel }, 'another Sentinel announced the same switch: sweeping the demoted node again for clients that reconnected to it');
      if (this.needsWatermark(event)) this.watermark.detected(key);
      void this.runFor(r, key, ' (sweep)');
      return;
    }
    if (!retry) {
      events.emit('role-change', { target: this.name, from: roleText(r.change.from), to: roleText(r.change.to), event, source: r.source, at: r.at });
      metrics.roleChanges.inc({ target: this.name, event, source: r.source });
      this.log.info({ event, change: changeText(r.change), source: r.source }, 'role change');
    }
    if (verdict === 'duplicate') {
      metrics.duplicates.inc({ target: this.name, event });
      this.log.info({ event, source: r.source }, 'same change already handled: policies not run again');
      return;
    }
    if (!retry) {
      const v = recordChange(this.flap, r.at, this.flapOptions());
      this.flap = v.state;
      if (v.held) {
        this.lastChange = { ...r, handled: 'held' };
        if (v.newlyHeld) {
          metrics.flapHolds.inc({ target: this.name });
          metrics.targetHeld.set({ target: this.name }, 1);
          events.emit('held', { target: this.name });
        }
        this.log.warn({ event, changes: v.state.changes.length, ...this.flapOptions() }, 'target flapping: held, no policy run');
        return;
      }
    }
    this.lastChange = { ...r, handled: 'ran' };
    if (this.needsWatermark(event)) this.watermark.detected(key);
    void this.runFor(r, key);
  }

  /** Some policy for `event` spares clients that connected after the change. */
  private needsWatermark(event: RoleEvent): boolean {
    return this.deps.cfg().policies.some((p) => p.on === event && p.onlyBeforeChange);
  }

  /** Count one kill run on this target (policy or reaper): metrics, last runs, the `kill-run` event. */
  recordRun(res: KillRunResult): void {
    recordKillRun(this.deps.metrics, this.name, res);
    this.lastRuns.unshift(res);
    this.lastRuns.splice(LAST_RUNS);
    this.deps.events.emit('kill-run', res);
  }

  /** Queue the policies for `r` on the kill lane (at once: the lane keeps the order of reactions). Never rejects. */
  private async runFor(r: Reaction, key: string, note = ''): Promise<void> {
    const unreachable = (): void => {
      this.deps.dedupe().release(this.name, key);
      this.pending = r;
      this.lastChange = { ...r, handled: 'waiting' };
      this.log.warn({ event: r.change.event }, 'target unreachable: policies run when it answers again');
    };
    const { event } = r.change;
    const out = await this.lane.run(async (s, signal) => {
      // The config is read when the run starts: a reload while it waited in the queue counts.
      const cfg = this.deps.cfg();
      const beforeId = this.needsWatermark(event) ? await this.watermark.forRun(key) : undefined;
      // Without a watermark an onlyBeforeChange policy would spare nobody: wait for the node instead.
      if (this.needsWatermark(event) && beforeId === undefined) return undefined;
      return runPolicies(s, cfg, { event, change: changeText(r.change) + note, kind: 'policy', ...(beforeId !== undefined && { beforeId }) }, this.auditLog, { signal });
    });
    if (!out.ok) {
      if (out.reason === 'unreachable') unreachable();
      else this.log.warn({ event }, 'policies not run: the daemon is stopping');
      return;
    }
    if (!out.value) return unreachable();
    for (const res of out.value) this.recordRun(res);
    if (out.value.some((x) => x.error?.code === 'UNREACHABLE')) unreachable();
  }
}
