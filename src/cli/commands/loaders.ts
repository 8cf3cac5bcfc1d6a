import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import type { Output } from '../output.js';

/** Loads one subcommand's module on first use and builds its commander Command. */
export type Load = (out: Output) => Promise<Command>;

/**
 * The V8 flags the daemon sets before its modules load, so that its heap stays small.
 * - Its young generation stays at the size it has (1-2 MB) instead of growing to 32 MB, which V8
 *   does while modules load and under 200 polls a second, though almost nothing a poll allocates
 *   lives on: measured with bench/daemon-footprint.mjs, that was a third of its RSS. V8 reads the
 *   growth factor each time it would grow.
 * - V8 favours memory over speed where it weighs the two (--optimize-for-size): at 200 targets the
 *   RSS stayed at 64.7-66.2 MB where it moved between 64.7 and 73.2 MB. Its price is the daemon's
 *   own CLIENT LIST parse, 1.4-1.9x slower (V8 stops pretenuring, so 50,000 records are copied
 *   through the young generation): 60-85 ms for 50,000 clients, against a poll interval's budget.
 *   bench/client-list-parse.mjs with BENCH_DAEMON=1 measures it (docs/benchmarks.md).
 */
export const DAEMON_V8_FLAGS = '--semi-space-growth-factor=1 --optimize-for-size';

// One loader per subcommand, each its own export so that a bundle of a few commands (src/cli/bundles/)
// takes only their modules: `kill` and `hook` (run by Sentinel once per failover) then never load the
// daemon, metrics, cron, the demo or each other.
export const kill: Load = async (out) => (await import('./kill.js')).killCommand(out);
export const list: Load = async (out) => (await import('./list.js')).listCommand(out);
export const hook: Load = async (out) => (await import('./hook.js')).hookCommand(out);
export const reconfigure: Load = async (out) => (await import('./reconfigure.js')).reconfigureCommand(out);
export const run: Load = async () => {
  setFlagsFromString(DAEMON_V8_FLAGS);
  return (await import('./run.js')).runCommand();
};
export const checkConfig: Load = async (out) => (await import('./check-config.js')).checkConfigCommand(out);
export const reap: Load = async (out) => (await import('./reap.js')).reapCommand(out);
export const status: Load = async (out) => (await import('./status.js')).statusCommand(out);
export const demo: Load = async () => (await import('./demo.js')).demoCommand();
