// The bundle of one-shot kills by address (see ../bundle-for.ts).
import { runProgram } from '../program.js';
import { kill, list } from '../commands/loaders.js';

export const COMMANDS = { kill, list };
export const runCli = (argv: readonly string[]): Promise<void> => runProgram(argv, COMMANDS);
