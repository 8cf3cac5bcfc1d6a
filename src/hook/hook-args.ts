import { parseTarget } from '../target/target.js';
import { UsageError } from '../errors.js';
import { HookUsageError } from './errors.js';

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
  return bad(`<${ipName}> '${ip}' is not an IP address or host name`);
};

/** Split argv into positionals and the two flags; anything else is an error naming what is accepted. */
const splitFlags = (argv: readonly string[]): { positionals: string[]; configFlag?: string; leaderOnly: boolean } => {
  const positionals: string[] = [];
  let configFlag: string | undefined;
  let leaderOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--leader-only') leaderOnly = true;
    else if (a === '-c' || a === '--config') {
      const v = argv[++i];
      if (v === undefined || v === '') bad(`${a} needs a file`);
      configFlag = v;
    } else if (a.startsWith('--config=')) configFlag = a.slice('--config='.length) || bad('--config needs a file');
    else if (a.startsWith('-') && !/^-\d/.test(a)) bad(`unknown option '${a}'; accepted: -c/--config FILE, --leader-only`);
    else positionals.push(a);
  }
  return { positionals, leaderOnly, ...(configFlag !== undefined && { configFlag }) };
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
