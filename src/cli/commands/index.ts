import type { Command } from 'commander';
import type { Output } from '../output.js';
import { demoCommand } from './demo.js';
import { hookCommand } from './hook.js';
import { killCommand } from './kill.js';
import { listCommand } from './list.js';
import { runCommand } from './run.js';
import { checkConfigCommand } from './check-config.js';
import { reapCommand } from './reap.js';
import { statusCommand } from './status.js';
import { reconfigureCommand } from './reconfigure.js';

/** Every subcommand of the CLI, in the order `--help` lists them. */
export const commands = (out: Output): Command[] => [killCommand(out), listCommand(out), hookCommand(out), reconfigureCommand(out), runCommand(), checkConfigCommand(out), reapCommand(out), statusCommand(out), demoCommand()];
