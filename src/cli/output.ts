import { UsageError } from '../errors.js';
import type { Logger } from '../log/logger.js';

/** Where a CLI command writes: results to stdout, the audit line to the log (stderr). */
export interface Output {
  print(text: string): void;
  audit(fields: Record<string, unknown>): void;
  fail(message: string): never;
}

export const consoleOutput = (logger: Logger): Output => ({
  print: (text) => process.stdout.write(`${text}\n`),
  audit: (fields) => logger.info({ audit: true, trigger: 'cli', ...fields }, 'kill run'),
  fail: (message) => {
    throw new UsageError(message);
  },
});
