// The bundle of the failover hooks, which run the config's policies (see ../bundle-for.ts).
import { runProgram } from '../program.js';
import { hook, reconfigure } from '../commands/loaders.js';

export const COMMANDS = { hook, reconfigure };
export const runCli = (argv: readonly string[]): Promise<void> => runProgram(argv, COMMANDS);
