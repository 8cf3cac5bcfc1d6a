// A pino logger whose JSON lines are kept in memory, to assert on audit lines written in-process.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export const captureLog = (): { log: Logger; lines: Record<string, unknown>[]; audits: () => Record<string, unknown>[] } => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines, audits: () => lines.filter((l) => l.audit === true) };
};
