import type { Command } from 'commander';
import type { Output } from '../output.js';

/** Loads one subcommand's module on first use and builds its commander Command. */
export type Load = (out: Output) => Promise<Command>;

// One loader per subcommand, each its own export so that a bundle of a few commands (src/cli/bundles/)
// takes only their modules: `kill` and `hook` (run by Sentinel once per failover) then never load the
// daemon, metrics, cron, the demo or each other.
export const kill: Load = async (out) => (await import('./kill.js')).killCommand(out);
export const list: Load = async (out) => (await import('./list.js')).listCommand(out);
export const hook: Load = async (out) => (await import('./hook.js')).hookCommand(out);
export const reconfigure: Load = async (out) => (await import('./reconfigure.js')).reconfigureCommand(out);
export const run: Load = async () => (await import('./run.js')).runCommand();
export const checkConfig: Load = async (out) => (await import('./check-config.js')).checkConfigCommand(out);
export const reap: Load = async (out) => (await import('./reap.js')).reapCommand(out);
export const status: Load = async (out) => (await import('./status.js')).statusCommand(out);
export const demo: Load = async () => (await import('./demo.js')).demoCommand();
