import { once } from 'node:events';
import { Redis } from 'ioredis';
import { AGENT_CONNECTION_NAME } from '../../runner/session.js';
import type { AgentConfig, SentinelConfig } from '../../config/types.js';
import { redisOptions } from '../../target/connect.js';
import { withTimeout } from '../target/timeout.js';

/**
 * The order to ask Sentinels in after `answered` (an index) answered: it and those after it first,
 * then those before it, as ioredis's SentinelIterator `reset(true)` does. Pure.
 */
export const answeredFirst = <T>(order: readonly T[], answered: number): T[] => [...order.slice(answered), ...order.slice(0, answered)];

/**
 * Command connections to the configured Sentinels, opened once and kept (reconnecting in the
 * background when `reconnect`), asked in turn: the Sentinel that answered last is asked first
 * next time, so a dead one costs nothing while another answers, and no query opens a connection.
 * A Sentinel whose connection is down is skipped at once (no waiting out a connect timeout);
 * only a first connect still under way is waited for, up to watch.timeoutMs.
 */
export class SentinelPool {
  private order: SentinelConfig[];
  private readonly conns = new Map<string, Redis>();
  private closed = false;

  constructor(
    private readonly cfg: Pick<AgentConfig, 'sentinels' | 'tls' | 'watch'>,
    private readonly opts: { reconnect: boolean },
  ) {
    this.order = [...cfg.sentinels];
  }

  /** Ask `ask` of each Sentinel in turn until one answers; its answer, or every Sentinel's reason. */
  async query<T>(ask: (redis: Redis, sentinel: SentinelConfig) => Promise<T>): Promise<{ value: T } | { reasons: string[] }> {
    const reasons: string[] = [];
    for (const [i, s] of this.order.entries()) {
      try {
        const value = await ask(await this.ready(s), s);
        if (i > 0) this.order = answeredFirst(this.order, i);
        return { value };
      } catch (e) {
        reasons.push(`${s.name}: ${(e as Error).message}`);
      }
    }
    return { reasons };
  }

  /** The Sentinels in the order the next query asks them. */
  names(): string[] {
    return this.order.map((s) => s.name);
  }

  /** Close every connection; a query still going (or a later one) gets no new connection. */
  close(): void {
    this.closed = true;
    for (const r of this.conns.values()) r.disconnect();
    this.conns.clear();
  }

  private async ready(s: SentinelConfig): Promise<Redis> {
    if (this.closed) throw new Error('discovery stopped');
    let r = this.conns.get(s.name);
    if (!r) {
      r = new Redis(redisOptions(s.target, { timeoutMs: this.cfg.watch.timeoutMs, connectionName: AGENT_CONNECTION_NAME, tls: this.cfg.tls, reconnect: this.opts.reconnect }));
      r.on('error', () => undefined); // reported by the command that fails
      this.conns.set(s.name, r);
      void r.connect().catch(() => undefined);
    }
    if (r.status === 'connecting' || r.status === 'connect' || r.status === 'wait') {
      const conn = r;
      await withTimeout(Promise.race([once(conn, 'ready'), once(conn, 'end'), once(conn, 'close')]), this.cfg.watch.timeoutMs, `connect to Sentinel ${s.name}`);
    }
    if (r.status !== 'ready') throw new Error(`not connected (${r.status})`);
    return r;
  }
}
