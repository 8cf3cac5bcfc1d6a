import { Command, CommanderError, Option } from 'commander';
import { EXIT, ReconfError } from '../errors.js';
import { LOG_FORMATS, type LogFormat } from '../log/logger.js';
import { redactSecrets } from '../log/redact.js';
import { commandsFor, type Commands } from './commands/index.js';
import { consoleOutput } from './output.js';
import { VERSION } from '../version.js';

const fail = (message: string, code: number): never => {
  process.stderr.write(`reconf-agent: ${redactSecrets(message)}\n`);
  process.exit(code);
};

/**
 * The CLI with `commands`: parses `argv` (laid out as process.argv: node, script, then the
 * arguments), runs the command, and exits with the documented code on any error. Each bundle
 * (src/cli/bundles/) runs it with its own commands.
 */
export const runProgram = async (argv: readonly string[], commands: Commands): Promise<void> => {
  const program = new Command('reconf-agent')
    .description('closes client connections stuck on the wrong Redis/Valkey node after a role change')
    .version(VERSION)
    .addOption(new Option('--log-format <format>', 'audit and log lines as JSON, or as one short readable line (default: text on a terminal, else json; run: json)').choices(LOG_FORMATS))
    .exitOverride()
    .configureOutput({ outputError: () => undefined });

  // Audit lines of one-shot kills go to stderr at info, always: every kill run leaves one.
  const out = consoleOutput(() => program.opts<{ logFormat?: LogFormat }>().logFormat);
  for (const cmd of await commandsFor(out, argv.slice(2), commands)) program.addCommand(cmd.exitOverride().configureOutput({ outputError: () => undefined }));

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') process.exit(0);
      fail(`${e.message.replace(/^error: /, '')} (see --help)`, EXIT.usage);
    }
    if (e instanceof ReconfError) fail(e.message, e.exitCode);
    if (process.env.RECONF_AGENT_DEBUG) process.stderr.write(`${redactSecrets(String((e as Error).stack))}\n`);
    fail(`internal error: ${(e as Error).message ?? String(e)}`, EXIT.software);
  }
};
