import { writeSync } from 'node:fs';

type Entry = Record<string, unknown>;

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** Fields every line carries, or that the line already says: left out of the readable form. */
const PLUMBING = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg', 'component', 'audit']);

const clients = (n: unknown): string => `${String(n)} client${n === 1 ? '' : 's'}`;

const value = (v: unknown): string => (typeof v === 'string' && !/\s/.test(v) && v !== '' ? v : JSON.stringify(v));

/** What started a kill run, for people: nothing for a CLI kill, else `policy demoted-app (demoted): `. */
const why = (t: unknown): string => {
  if (!t || typeof t !== 'object') return '';
  const { kind, name, event } = t as { kind?: string; name?: string; event?: string };
  if (kind === 'cli') return '';
  return `${[kind, name].filter(Boolean).join(' ')}${event ? ` (${event})` : ''}: `;
};

/** A kill run's audit line as one sentence: what, where, why, how many, how long. */
const auditText = (e: Entry): string => {
  const where = `on ${String(e.target)} [${String(e.filter)}]`;
  const how = `(${String(e.plan)}, ${String(e.durationMs)} ms)`;
  const err = e.error as { code?: string; message?: string } | undefined;
  const head = why(e.trigger);
  const left = typeof e.ambiguous === 'number' ? `; ${e.ambiguous} ambiguous CLIENT LIST line${e.ambiguous === 1 ? '' : 's'} left alone` : '';
  if (e.refused) return `${head}refused ${where}: ${err?.message ?? `${clients(e.matched)} match, more than maxKills`}; nothing killed${left}`;
  if (err) return `${head}kill run failed ${where}: ${err.code}: ${err.message} (killed ${e.killed} of ${clients(e.matched)}) ${how}${left}`;
  if (e.dryRun) return `${head}dry run: would kill ${clients(e.matched)} ${where} ${how}${left}`;
  return `${head}killed ${e.killed} of ${clients(e.matched)} ${where} ${how}${left}`;
};

/**
 * One short readable line for a pino JSON entry (`--log-format text`): an audit line becomes a
 * sentence, anything else `level: message key=value...`. Pure.
 */
export const textLine = (e: Entry): string => {
  if (e.audit === true) return auditText(e);
  const level = LEVELS[e.level as number] ?? String(e.level);
  const fields = Object.entries(e)
    .filter(([k]) => !PLUMBING.has(k))
    .map(([k, v]) => `${k}=${value(v)}`);
  return [`${level}: ${String(e.msg ?? '')}`, ...fields].join(' ');
};

/** A pino destination that writes each entry as a textLine to `fd`, synchronously. */
export const textDestination = (fd: 1 | 2) => ({
  write: (json: string): void => {
    let line: string;
    try {
      line = textLine(JSON.parse(json) as Entry);
    } catch {
      line = json.trimEnd();
    }
    writeSync(fd, `${line}\n`);
  },
});
