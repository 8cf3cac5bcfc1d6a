import type { DaemonHandle } from '../daemon/daemon.js';
import type { Apps } from './app-clients.js';
import type { Narrator } from './narrator.js';

export interface DemoResult {
  readonly policyKills: number;
  readonly reaperKills: number;
}

/** A demo, step by step; `stop` tears down what it started and may be called at any time (Ctrl-C). */
export abstract class DemoRun {
  protected topo?: { stop(): void };
  protected apps?: Apps;
  protected daemon?: DaemonHandle;

  constructor(
    protected readonly bin: string,
    protected readonly n: Narrator,
  ) {}

  abstract run(): Promise<DemoResult>;

  async stop(): Promise<void> {
    this.apps?.close();
    this.apps = undefined;
    const daemon = this.daemon;
    this.daemon = undefined;
    await daemon?.stop();
    this.topo?.stop();
  }
}
