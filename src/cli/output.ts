import { UsageError } from '../errors.js';
import type { Logger } from '../log/logger.js';

/** Where a CLI command writes: results to stdout, audit lines through the logger (stderr). */
export interface Output {
  print(text: string): void;
  readonly logger: Logger;
  fail(message: string): never;
}

export const consoleOutput = (logger: Logger): Output => ({
  print: (text) => process.stdout.write(`${text}\n`),
  logger,
  fail: (message) => {
    throw new UsageError(message);
  },
});
