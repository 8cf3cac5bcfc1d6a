import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import type { Output } from '../output.js';

type Load = (out: Output) => Promise<Command>;

/**
 * The daemon's young generation stays at the size it has (1-2 MB) instead of growing to 32 MB,
 * which V8 does while modules load and under 200 polls a second, though almost nothing a poll
 * allocates lives on: measured with bench/daemon-footprint.mjs, that was a third of its RSS.
 * Set before the daemon's modules load; V8 reads the growth factor each time it would grow.
 */
const keepYoungGenerationSmall = (): void => setFlagsFromString('--semi-space-growth-factor=1');

/**
 * Every subcommand of the CLI, in the order `--help` lists them, each loaded only when asked for:
 * `kill` and `hook` (run by Sentinel once per failover) then never load the daemon, metrics,
 * cron, the demo or each other.
 */
export const COMMANDS: Readonly<Record<string, Load>> = {
  kill: async (out) => (await import('./kill.js')).killCommand(out),
  list: async (out) => (await import('./list.js')).listCommand(out),
  hook: async (out) => (await import('./hook.js')).hookCommand(out),
  reconfigure: async (out) => (await import('./reconfigure.js')).reconfigureCommand(out),
  run: async () => {
    keepYoungGenerationSmall();
    return (await import('./run.js')).runCommand();
  },
  'check-config': async (out) => (await import('./check-config.js')).checkConfigCommand(out),
  reap: async (out) => (await import('./reap.js')).reapCommand(out),
  status: async (out) => (await import('./status.js')).statusCommand(out),
  demo: async () => (await import('./demo.js')).demoCommand(),
};

/**
 * The commands to load for these arguments (after `node main.js`): none for --version, the one
 * named first after the global options, or all of them (for --help, `help`, no command, or a name
 * that is not a command, so commander can list them or suggest one).
 */
export const commandsFor = (out: Output, args: readonly string[]): Promise<Command[]> => {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) i += args[i] === '--log-format' ? 2 : 1;
  const globals = args.slice(0, i);
  const help = globals.includes('-h') || globals.includes('--help');
  if (!help && (globals.includes('-V') || globals.includes('--version'))) return Promise.resolve([]);
  const name = args[i];
  const names = !help && name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
  return Promise.all(names.map((n) => COMMANDS[n]!(out)));
};
