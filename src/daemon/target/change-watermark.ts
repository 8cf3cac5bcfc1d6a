import type { ClientId } from '../../kill/filter/client-id.js';
import type { Logger } from '../../log/logger.js';

/**
 * The onlyBeforeChange watermark of the change a target is reacting to: taken once, the moment
 * the change is detected, and shared by its policy run, the run's retries and its sweeps, so
 * they all spare exactly the clients that connected after the detection.
 */
export class ChangeWatermark {
  private current: { readonly key: string; readonly id: Promise<ClientId | undefined> } | undefined;

  constructor(
    /** Open a fresh connection to the target and return its client id (takeWatermark). */
    private readonly take: () => Promise<ClientId>,
    private readonly log: Logger,
  ) {}

  /** The change `key` was detected (again): take its watermark now, unless it has one. */
  detected(key: string): void {
    if (this.current?.key !== key) this.current = { key, id: this.attempt('at detection') };
  }

  /**
   * The watermark for a run of `key` starting now: the one taken at detection; when there is
   * none (the node did not answer then), one taken now, the first moment the node answers.
   * Undefined when none can be had.
   */
  async forRun(key: string): Promise<ClientId | undefined> {
    const early = this.current?.key === key ? await this.current.id : undefined;
    if (early !== undefined) return early;
    this.current = { key, id: this.attempt('late: the node did not answer at detection') };
    return this.current.id;
  }

  /** The node restarted: client ids start over, a watermark from before means nothing. */
  forget(): void {
    this.current = undefined;
  }

  private attempt(when: string): Promise<ClientId | undefined> {
    return this.take().then(
      (id) => {
        this.log.info({ watermark: id, when }, 'onlyBeforeChange watermark taken');
        return id;
      },
      (e: Error) => {
        this.log.warn({ err: e.message, when }, 'onlyBeforeChange watermark not taken');
        return undefined;
      },
    );
  }
}
