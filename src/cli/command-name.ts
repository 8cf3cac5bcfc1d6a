/**
 * What the CLI's arguments (after `node main.js`) ask for: '--version' for the version alone,
 * else the first word after the global options (a subcommand's name, or not one), or undefined
 * for --help and for no command at all. Both main.ts (to pick a bundle) and the
 * program (to pick the commands to load) go by it.
 */
export const commandName = (args: readonly string[]): string | undefined => {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) i += args[i] === '--log-format' ? 2 : 1;
  const globals = args.slice(0, i);
  if (globals.includes('-h') || globals.includes('--help')) return undefined;
  if (globals.includes('-V') || globals.includes('--version')) return '--version';
  return args[i];
};
