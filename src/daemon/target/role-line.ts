import type { Duplex } from 'node:stream';
import { INCOMPLETE, RespErrorReply, RespReader, type RespReply } from '../../target/resp.js';
import { afterPendingIo, timeoutError } from './timeout.js';

/** `ROLE` in RESP, written as is on every poll. */
const ROLE = Buffer.from('*1\r\n$4\r\nROLE\r\n');

/** How a question ends: with the reply, or with why there is none. Called once, maybe before ask() returns. */
export type Answer = (e: Error | undefined, reply?: RespReply) => void;

interface Asked {
  /** Cleared once called: a reply that comes after the deadline is taken off in order and dropped. */
  answer: Answer | undefined;
  readonly ms: number;
  /** performance.now() past which the question fails. */
  readonly due: number;
}

/**
 * ROLE on the poll connection without ioredis's command machinery: ioredis opens the connection
 * (TLS, AUTH, name, probe) and is then done with it; the poll writes one prebuilt buffer and reads
 * the reply itself. An ioredis command cost about 4 KB and, measured at 200 targets, a third of
 * the daemon's CPU. A question is a callback, not a promise; replies are matched to questions in
 * order; a closed connection fails every question still waiting.
 *
 * Deadlines: one timer per connection, set for the earliest question still waiting and moved
 * forward (refresh()) when a question is asked with none waiting, the poll's usual case, instead of
 * a timer made and cleared for every poll. When it fires, replies already on the socket are read
 * first (afterPendingIo), then every question past its deadline fails with a TimeoutError.
 */
export class RoleLine {
  private readonly asked: Asked[] = [];
  /** Questions not answered yet (the others wait in `asked` for their late replies). */
  private waiting = 0;
  private rest: Buffer | undefined;
  private readonly reader = new RespReader();
  private readonly what: string;
  private timer: NodeJS.Timeout | undefined;
  /** The `ms` the timer was made with (refresh() keeps it), and the performance.now() it fires at. */
  private timerMs = 0;
  private timerAt = Infinity;
  private readonly fired = (): void => {
    this.timerAt = Infinity;
    afterPendingIo(() => this.expire());
  };

  constructor(
    private readonly stream: Duplex,
    private readonly label: string,
  ) {
    this.what = `ROLE on ${label}`;
    // ioredis's reader: nothing more is sent through ioredis on this connection.
    stream.removeAllListeners('data');
    stream.on('data', (chunk: Buffer) => this.read(chunk));
    stream.once('close', () => this.failAll(new Error(`${label}: connection closed`)));
  }

  /**
   * Ask ROLE; `answer` gets the reply as ioredis would return it, or an error reply, a closed
   * connection, or a TimeoutError after `timeoutMs` (measured against the event loop).
   */
  ask(timeoutMs: number, answer: Answer): void {
    if (!this.stream.writable) return answer(new Error(`${this.label}: connection closed`));
    const now = performance.now();
    const due = now + timeoutMs;
    this.asked.push({ answer, ms: timeoutMs, due });
    if (this.waiting++ === 0 || due < this.timerAt) this.arm(now, due);
    this.stream.write(ROLE);
  }

  /** Set the timer to fire at `due`: the same timer moved when its length fits, else a new one. */
  private arm(now: number, due: number): void {
    const ms = Math.max(1, Math.ceil(due - now));
    if (this.timer && ms === this.timerMs) this.timer.refresh();
    else {
      clearTimeout(this.timer);
      this.timer = setTimeout(this.fired, ms);
      this.timerMs = ms;
    }
    this.timerAt = due;
  }

  /** The timer fired (and replies already waiting were read): fail what is past due, set the timer for what is not. */
  private expire(): void {
    const now = performance.now();
    let next = Infinity;
    for (const q of this.asked) {
      if (!q.answer) continue;
      if (q.due <= now) this.settle(q, timeoutError(this.what, q.ms));
      else next = Math.min(next, q.due);
    }
    if (next < this.timerAt) this.arm(now, next);
  }

  private settle(q: Asked, e: Error | undefined, reply?: RespReply): void {
    const answer = q.answer;
    if (!answer) return;
    q.answer = undefined;
    this.waiting--;
    answer(e, reply);
  }

  private read(chunk: Buffer): void {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = undefined;
    let at = 0;
    try {
      while (at < buf.length) {
        const reply = this.reader.read(buf, at);
        if (reply === INCOMPLETE) {
          this.rest = buf.subarray(at);
          return;
        }
        at = this.reader.end;
        const q = this.asked.shift();
        if (!q) throw new Error('a reply nobody asked for');
        if (reply instanceof RespErrorReply) this.settle(q, reply);
        else this.settle(q, undefined, reply);
      }
    } catch (e) {
      this.stream.destroy(new Error(`${this.label}: unreadable reply: ${(e as Error).message}`));
    }
  }

  private failAll(e: Error): void {
    clearTimeout(this.timer);
    this.timerAt = Infinity;
    for (const q of this.asked.splice(0)) this.settle(q, e);
  }
}
