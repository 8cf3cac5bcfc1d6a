import { EVENTS, type RoleEvent } from '../config/types.js';
import { parseTarget } from '../target/target.js';
import { UsageError } from '../errors.js';

export interface ReconfigureFlags {
  readonly target?: string;
  readonly event?: string;
  readonly config?: string;
}

export interface ReconfigureRequest {
  /** As given (host:port, URL or socket path), checked to parse. */
  readonly target: string;
  readonly event: RoleEvent;
  readonly configFlag?: string;
}

/** Check `reconfigure`'s flags before anything is read or sent. Pure; throws UsageError (exit 64). */
export const parseReconfigureFlags = (f: ReconfigureFlags): ReconfigureRequest => {
  if (f.target === undefined || f.target.trim() === '') throw new UsageError('reconfigure needs --target host:port (or a redis:// URL or socket path)');
  if (f.event === undefined) throw new UsageError(`reconfigure needs --event ${EVENTS.join('|')}`);
  if (!EVENTS.includes(f.event as RoleEvent)) throw new UsageError(`--event '${f.event}' is not one of ${EVENTS.join(', ')}`);
  parseTarget(f.target);
  return { target: f.target.trim(), event: f.event as RoleEvent, ...(f.config !== undefined && { configFlag: f.config }) };
};
