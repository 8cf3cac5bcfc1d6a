import { parseArgs } from 'node:util';
import { parseTarget } from '../target/target.js';
import { UsageError } from '../errors.js';
import { HookUsageError } from './errors.js';
import { quoteInput } from '../log/redact.js';

/** Sentinel's client-reconfig-script arguments, in order. */
export const HOOK_POSITIONALS = ['master-name', 'role', 'state', 'from-ip', 'from-port', 'to-ip', 'to-port'] as const;
export const HOOK_USAGE = `${HOOK_POSITIONALS.map((p) => `<${p}>`).join(' ')} [-c FILE] [--leader-only]`;

export const SENTINEL_ROLES = ['leader', 'observer'] as const;
export type SentinelRole = (typeof SENTINEL_ROLES)[number];

/** One call of the hook, as Sentinel made it. */
export interface HookRequest {
  readonly masterName: string;
  readonly role: SentinelRole;
  /** The old master, `host:port` (`[v6]:port`): its `demoted` policies run here. */
  readonly from: string;
  /** The promoted replica: its `promoted` policies run here. */
  readonly to: string;
  readonly configFlag?: string;
  readonly leaderOnly: boolean;
}

const bad = (what: string): never => {
  throw new HookUsageError(`hook: ${what}; usage: reconf-agent hook ${HOOK_USAGE}`);
};

/** `ip` and `port` as a `host:port` target address, checked the way every target is. */
const address = (ipName: string, ip: string, portName: string, port: string): string => {
  const n = Number(port);
  if (!/^\d+$/.test(port) || n < 1 || n > 65535) bad(`<${portName}> '${port}' is not a port (1-65535)`);
  const addr = ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
  try {
    if (parseTarget(addr).kind === 'tcp') return addr;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
  }
  return bad(`<${ipName}> ${quoteInput(ip)} is not an IP address or host name`);
};

/** Split argv into positionals and the two flags (util.parseArgs, strict); anything else is an error naming what is accepted. */
const splitFlags = (argv: readonly string[]): { positionals: string[]; configFlag?: string; leaderOnly: boolean } => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: { config: { type: 'string', short: 'c' }, 'leader-only': { type: 'boolean' } },
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message = e instanceof Error ? e.message : '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return bad(`unknown option '${/'([^']*)'/.exec(message)?.[1] ?? '?'}'; accepted: -c/--config FILE, --leader-only`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /config/.test(message)) return bad('-c/--config needs a file');
    return bad(`bad options; accepted: -c/--config FILE, --leader-only`);
  }
  const { config, 'leader-only': leaderOnly = false } = parsed.values;
  if (config === '') bad('--config needs a file');
  return { positionals: parsed.positionals, leaderOnly, ...(config !== undefined && { configFlag: config }) };
};

/**
 * Parse the hook's argv (everything after `hook`). Pure; throws HookUsageError (exit 2, which
 * Sentinel does not retry) naming the bad argument.
 */
export const parseHookArgs = (argv: readonly string[]): HookRequest => {
  const { positionals, configFlag, leaderOnly } = splitFlags(argv);
  if (positionals.length !== HOOK_POSITIONALS.length) bad(`expected ${HOOK_POSITIONALS.length} arguments, got ${positionals.length}`);
  const [masterName, role, state, fromIp, fromPort, toIp, toPort] = positionals as [string, string, string, string, string, string, string];
  if (masterName.trim() === '') bad('<master-name> is empty');
  if (!SENTINEL_ROLES.includes(role as SentinelRole)) bad(`<role> '${role}' is not one of ${SENTINEL_ROLES.join(', ')}`);
  if (state !== 'start') bad(`<state> '${state}' is not 'start' (the only state Sentinel passes)`);
  return {
    masterName,
    role: role as SentinelRole,
    from: address('from-ip', fromIp, 'from-port', fromPort),
    to: address('to-ip', toIp, 'to-port', toPort),
    leaderOnly,
    ...(configFlag !== undefined && { configFlag }),
  };
};
