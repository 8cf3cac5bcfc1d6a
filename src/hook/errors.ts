import { ConfigError, EXIT, ReconfError, UsageError, type ErrorCode } from '../errors.js';

/** A bad hook argument: exit 2, so Sentinel logs the failure and does not retry. Nothing was sent. */
export class HookUsageError extends UsageError {
  override readonly exitCode: number = EXIT.hookFatal;
}

/** A bad config seen by the hook: exit 2, not retried by Sentinel. */
export class HookConfigError extends ConfigError {
  override readonly exitCode: number = EXIT.hookFatal;
}

/**
 * A run that finished but did not do everything (a target unreachable, a cap refused): the
 * message summarises it, the exit code is the command's documented one for that outcome.
 */
export class RunOutcomeError extends ReconfError {
  constructor(
    readonly code: ErrorCode,
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}
