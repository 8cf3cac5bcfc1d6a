import type { Redis } from 'ioredis';
import { allowedTypes, compile, type Plan } from '../kill/plan/compile.js';
import { parseFilter } from '../kill/filter/parse.js';
import type { Filter } from '../kill/filter/types.js';
import { parseTarget, targetLabel, type Target } from '../target/target.js';
import { connect } from '../target/connect.js';
import { probeServer, type Probe } from '../kill/execute/probe.js';
import { SentinelTargetError } from '../errors.js';
import { connectionOptions, type ConnectionFlags } from './connection-options.js';

export interface OneShot {
  readonly target: Target;
  readonly label: string;
  readonly redis: Redis;
  readonly probe: Probe;
  readonly plan: Plan;
}

/**
 * Everything a one-shot command needs, in the order that keeps user mistakes harmless:
 * target, filter and flags are checked before anything is sent to the server.
 */
export const openOneShot = async (
  targetArg: string,
  filterArgs: readonly string[],
  flags: ConnectionFlags,
  opts: { allowReplication: boolean; countFirst: boolean; defaultFilter?: string; refuseSentinel?: boolean },
): Promise<OneShot> => {
  const target = parseTarget(targetArg);
  const filter: Filter = filterArgs.length > 0 ? parseFilter(filterArgs) : parseFilter(opts.defaultFilter ?? 'TYPE normal');
  allowedTypes(filter, opts.allowReplication);
  const conn = connectionOptions(flags, process.env, target);
  const redis = await connect(target, conn);
  try {
    const probe = await probeServer(redis);
    if (opts.refuseSentinel && probe.info.sentinel) {
      throw new SentinelTargetError(targetLabel(target), ' (--allow-sentinel to do it anyway)');
    }
    const plan = compile(filter, probe.caps, opts);
    return { target, label: targetLabel(target), redis, probe, plan };
  } catch (e) {
    redis.disconnect();
    throw e;
  }
};
