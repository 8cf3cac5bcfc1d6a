import { UsageError } from '../errors.js';
import { createLogger, type LogFormat, type Logger } from '../log/logger.js';
import type { LevelWithSilent } from 'pino';

/** Where a CLI command writes: results to stdout, audit lines through the logger (stderr). */
export interface Output {
  print(text: string): void;
  /** The audit logger (info), in the chosen --log-format. */
  readonly logger: Logger;
  /** A logger at `level` in the same format, for commands that follow the config's log.level. */
  loggerAt(level: LevelWithSilent): Logger;
  fail(message: string): never;
}

/**
 * The CLI's output. `format` is asked when a logger is first needed (after the flags are
 * parsed): `--log-format`, else text when stderr is a terminal, else JSON.
 */
export const consoleOutput = (format: () => LogFormat | undefined): Output => {
  const chosen = (): LogFormat => format() ?? (process.stderr.isTTY ? 'text' : 'json');
  let logger: Logger | undefined;
  return {
    print: (text) => process.stdout.write(`${text}\n`),
    get logger() {
      return (logger ??= createLogger('info', 2, chosen()));
    },
    loggerAt: (level) => createLogger(level, 2, chosen()),
    fail: (message) => {
      throw new UsageError(message);
    },
  };
};
