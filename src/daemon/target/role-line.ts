import type { Duplex } from 'node:stream';
import { readReply, RespErrorReply, type RespReply } from '../../target/resp.js';
import { deadline } from './timeout.js';

/** `ROLE` in RESP, written as is on every poll. */
const ROLE = Buffer.from('*1\r\n$4\r\nROLE\r\n');

interface Asked {
  readonly resolve: (reply: RespReply) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * ROLE on the poll connection without ioredis's command machinery: ioredis opens the connection
 * (TLS, AUTH, name, probe) and is then done with it; the poll writes one prebuilt buffer and reads
 * the reply itself. An ioredis command cost about 4 KB and, measured at 200 targets, a third of
 * the daemon's CPU. Each question carries its own deadline (one promise and one timer a poll);
 * replies are matched to questions in order; a closed connection fails every question still waiting.
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
   * The ROLE reply, as ioredis would return it; rejects on an error reply, a closed connection, or
   * a TimeoutError after `timeoutMs` (measured against the event loop, see deadline()).
   */
  ask(timeoutMs: number): Promise<RespReply> {
    if (!this.stream.writable) return Promise.reject(new Error(`${this.label}: connection closed`));
    return new Promise((resolve, reject) => {
      this.asked.push({ resolve, reject, timer: deadline(timeoutMs, this.what, reject) });
      this.stream.write(ROLE);
    });
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
        clearTimeout(q.timer);
        if (r.reply instanceof RespErrorReply) q.reject(r.reply);
        else q.resolve(r.reply);
      }
    } catch (e) {
      this.stream.destroy(new Error(`${this.label}: unreadable reply: ${(e as Error).message}`));
    }
  }

  private failAll(e: Error): void {
    for (const q of this.asked.splice(0)) {
      clearTimeout(q.timer);
      q.reject(e);
    }
  }
}
