import { EXIT, ReconfError, type ErrorCode } from '../errors.js';

export const INSTALL_REDIS_HINT =
  'install it with `sudo apt-get install -y redis-server` (Debian/Ubuntu) or `brew install redis` (macOS), ' +
  'or set REDIS_SERVER_BIN=/path/to/redis-server (or valkey-server)';

/** The demo needs a redis-server binary on this machine and found none (exit 69). */
export class ServerBinaryMissingError extends ReconfError {
  readonly code: ErrorCode = 'UNREACHABLE';
  readonly exitCode: number = EXIT.unavailable;
}

/** Something the demo started did not get ready in time, usually a machine too busy (exit 75: try again). */
export class DemoTimeoutError extends ReconfError {
  readonly code: ErrorCode = 'UNREACHABLE';
  readonly exitCode: number = EXIT.tempFail;
}
