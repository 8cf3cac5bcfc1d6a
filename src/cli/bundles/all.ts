// The bundle of every command: the daemon, the demo, help and the rest (see ../bundle-for.ts).
import { runProgram } from '../program.js';
import { COMMANDS } from '../commands/index.js';

export { COMMANDS };
export const runCli = (argv: readonly string[]): Promise<void> => runProgram(argv, COMMANDS);
