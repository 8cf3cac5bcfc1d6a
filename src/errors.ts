/**
 * Errors with a stable `code` and the process exit code they map to.
 * "The user asked for something wrong" (64, 78) is kept apart from
 * "the server could not be reached or said no" (69) and "a safety cap refused" (75).
 */
export const EXIT = {
  ok: 0,
  /** Sentinel hook: a target could not be reached; Sentinel retries. */
  hookRetry: 1,
  /** Sentinel hook: bad arguments or config; Sentinel does not retry. */
  hookFatal: 2,
  usage: 64,
  unavailable: 69,
  software: 70,
  tempFail: 75,
  config: 78,
} as const;

export type ErrorCode =
  | 'BAD_ARGUMENT'
  | 'BAD_FILTER'
  | 'SENTINEL_TARGET'
  | 'UNREACHABLE'
  | 'AUTH_FAILED'
  | 'SERVER_REFUSED'
  | 'MAX_KILLS_EXCEEDED'
  | 'BAD_CONFIG'
  | 'ABORTED';

export abstract class ReconfError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly exitCode: number;
}

/** A bad command-line argument: nothing was sent to any server. */
export class UsageError extends ReconfError {
  readonly code: ErrorCode = 'BAD_ARGUMENT';
  readonly exitCode: number = EXIT.usage;
}

/**
 * A kill aimed at a Sentinel (INFO server says so): it would close the Sentinel's links to
 * masters, replicas and other Sentinels. The CLI's kill can be told --allow-sentinel; nothing else kills there.
 */
export class SentinelTargetError extends UsageError {
  override readonly code: ErrorCode = 'SENTINEL_TARGET';
  constructor(label: string, hint: string) {
    super(`${label} is a Sentinel (INFO server: redis_mode:sentinel): killing there closes its links to masters, replicas and other Sentinels; nothing was killed${hint}`);
  }
}

/** A filter that does not parse, or that the safety rules refuse. */
export class FilterError extends UsageError {
  override readonly code: ErrorCode = 'BAD_FILTER';
}

/** The target could not be reached or timed out. */
export class UnreachableError extends ReconfError {
  readonly code: ErrorCode = 'UNREACHABLE';
  readonly exitCode: number = EXIT.unavailable;
}

/** The server rejected our credentials. */
export class AuthError extends ReconfError {
  readonly code: ErrorCode = 'AUTH_FAILED';
  readonly exitCode: number = EXIT.unavailable;
}

/** The server answered a command with an error reply. */
export class ServerRefusedError extends ReconfError {
  readonly code: ErrorCode = 'SERVER_REFUSED';
  readonly exitCode: number = EXIT.unavailable;
}

/** More clients matched than the configured cap; nothing was killed. */
export class MaxKillsExceededError extends ReconfError {
  readonly code: ErrorCode = 'MAX_KILLS_EXCEEDED';
  readonly exitCode: number = EXIT.tempFail;
  constructor(
    readonly matched: number,
    readonly maxKills: number,
  ) {
    super(`refused: ${matched} clients match, more than --max-kills ${maxKills}; nothing was killed`);
  }
}

/** A run was stopped from outside (shutdown, reload): what it did so far stands, nothing more was sent. */
export class AbortedError extends ReconfError {
  readonly code: ErrorCode = 'ABORTED';
  readonly exitCode: number = EXIT.tempFail;
}

/** The configuration is invalid; `problems` lists every problem with its key path. */
export class ConfigError extends ReconfError {
  readonly code: ErrorCode = 'BAD_CONFIG';
  readonly exitCode: number = EXIT.config;
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? `config: ${problems[0]}` : `config has ${problems.length} problems:\n  ${problems.join('\n  ')}`);
  }
}
