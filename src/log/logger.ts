import { pino, type Logger, type LevelWithSilent } from 'pino';

/** JSON logs; journald picks up stdout for the daemon, the CLI writes to stderr so stdout stays for results. */
export const createLogger = (level: LevelWithSilent = 'info', fd: 1 | 2 = 1): Logger =>
  pino({ level, base: { service: 'reconf-agent' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd, sync: true }));

export type { Logger };
