import type { Command } from 'commander';
import type { Output } from '../output.js';
import { killCommand } from './kill.js';
import { listCommand } from './list.js';

/** Every subcommand of the CLI, in the order `--help` lists them. */
export const commands = (out: Output): Command[] => [killCommand(out), listCommand(out)];
