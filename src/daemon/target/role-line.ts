import type { Duplex } from 'node:stream';
import { readReply, RespErrorReply, type RespReply } from '../../target/resp.js';
import { deadline } from './timeout.js';

/** `ROLE` in RESP, written as is on every poll. */
const ROLE = Buffer.from('*1\r\n$4\r\nROLE\r\n');

/** How a question ends: with the reply, or with why there is none. Called once, maybe before ask() returns. */
export type Answer = (e: Error | undefined, reply?: RespReply) => void;

interface Asked {
  /** Cleared once called: a reply that comes after the deadline is taken off in order and dropped. */
  answer: Answer | undefined;
  timer: NodeJS.Timeout | undefined;
}

const settle = (q: Asked, e: Error | undefined, reply?: RespReply): void => {
  const answer = q.answer;
  if (!answer) return;
  q.answer = undefined;
  clearTimeout(q.timer);
  answer(e, reply);
};

/**
 * ROLE on the poll connection without ioredis's command machinery: ioredis opens the connection
 * (TLS, AUTH, name, probe) and is then done with it; the poll writes one prebuilt buffer and reads
 * the reply itself. An ioredis command cost about 4 KB and, measured at 200 targets, a third of
 * the daemon's CPU. Each question carries its own deadline and a callback, not a promise (a poll
 * is a callback and a timer); replies are matched to questions in order; a closed connection
 * fails every question still waiting.
 */
export class RoleLine {
  private readonly asked: Asked[] = [];
  private rest: Buffer | undefined;
  private readonly what: string;

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
   * connection, or a TimeoutError after `timeoutMs` (measured against the event loop, see deadline()).
   */
  ask(timeoutMs: number, answer: Answer): void {
    if (!this.stream.writable) return answer(new Error(`${this.label}: connection closed`));
    const q: Asked = { answer, timer: undefined };
    q.timer = deadline(timeoutMs, this.what, (e) => settle(q, e));
    this.asked.push(q);
    this.stream.write(ROLE);
  }

  private read(chunk: Buffer): void {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = undefined;
    let at = 0;
    try {
      while (at < buf.length) {
        const r = readReply(buf, at);
        if (!r) {
          this.rest = buf.subarray(at);
          return;
        }
        at = r.end;
        const q = this.asked.shift();
        if (!q) throw new Error('a reply nobody asked for');
        if (r.reply instanceof RespErrorReply) settle(q, r.reply);
        else settle(q, undefined, r.reply);
      }
    } catch (e) {
      this.stream.destroy(new Error(`${this.label}: unreadable reply: ${(e as Error).message}`));
    }
  }

  private failAll(e: Error): void {
    for (const q of this.asked.splice(0)) settle(q, e);
  }
}
