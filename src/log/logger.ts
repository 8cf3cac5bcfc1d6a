import { pino, type Logger, type LevelWithSilent, type LoggerOptions } from 'pino';
import { redactSecrets } from './redact.js';
import { textDestination } from './text-line.js';

/** `json`: one JSON object per line; `text`: one short readable line (see text-line.ts). */
export const LOG_FORMATS = ['json', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Every line passes the redaction rule (redact.ts) on its way out, whatever field or message a secret hid in. */
export const loggerOptions = (level: LevelWithSilent): LoggerOptions => ({
  level,
  base: { service: 'reconf-agent' },
  timestamp: pino.stdTimeFunctions.isoTime,
  hooks: { streamWrite: redactSecrets },
});

/** JSON logs (or text); journald picks up stdout for the daemon, the CLI writes to stderr so stdout stays for results. */
export const createLogger = (level: LevelWithSilent = 'info', fd: 1 | 2 = 1, format: LogFormat = 'json'): Logger =>
  pino(
    loggerOptions(level),
    format === 'text' ? textDestination(fd) : pino.destination({ fd, sync: true }),
  );

export type { Logger };
