import type { Command } from 'commander';
import type { Output } from '../output.js';
import { commandName } from '../command-name.js';
import { checkConfig, demo, hook, kill, list, reap, reconfigure, run, status, type Load } from './loaders.js';

/** Subcommands by name, each loaded only when asked for (loaders.ts). */
export type Commands = Readonly<Record<string, Load>>;

/** Every subcommand of the CLI, in the order `--help` lists them. */
export const COMMANDS: Commands = { kill, list, hook, reconfigure, run, 'check-config': checkConfig, reap, status, demo };

/**
 * The commands of `commands` to load for these arguments (after `node main.js`): none for
 * --version, the one named first after the global options, or all of them (for --help, `help`,
 * no command, or a name that is not a command, so commander can list them or suggest one).
 */
export const commandsFor = (out: Output, args: readonly string[], commands: Commands): Promise<Command[]> => {
  const name = commandName(args);
  if (name === '--version') return Promise.resolve([]);
  const names = name !== undefined && Object.hasOwn(commands, name) ? [name] : Object.keys(commands);
  return Promise.all(names.map((n) => commands[n]!(out)));
};
