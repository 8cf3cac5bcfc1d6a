/**
 * Errors of the daemon layer, each with a stable `code` for logs and metrics. They are kept
 * apart from src/errors.ts (the CLI's exit-code errors): the daemon logs them and carries on.
 */
export type DaemonErrorCode = 'UNEXPECTED_ROLE' | 'ILLEGAL_TRANSITION' | 'TIMEOUT' | 'DISCOVERY_FAILED';

export abstract class DaemonError extends Error {
  abstract readonly code: DaemonErrorCode;
}

/** ROLE answered something we do not watch (a Sentinel, or a reply we cannot read). */
export class UnexpectedRoleError extends DaemonError {
  readonly code = 'UNEXPECTED_ROLE' as const;
}

/** A target's state machine was asked for a move its transition table does not allow. */
export class IllegalTransitionError extends DaemonError {
  readonly code = 'ILLEGAL_TRANSITION' as const;
}

/** A step against one target took longer than watch.timeoutMs. */
export class TimeoutError extends DaemonError {
  readonly code = 'TIMEOUT' as const;
}

/** No configured Sentinel answered the discovery queries. */
export class DiscoveryError extends DaemonError {
  readonly code = 'DISCOVERY_FAILED' as const;
}
