import { UnreachableError } from '../errors.js';

/** The admin HTTP server could not listen where admin.listen says (exit 69, like an unreachable target). */
export class AdminListenError extends UnreachableError {}
