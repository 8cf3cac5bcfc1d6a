/**
 * Which bundle runs a command: dist/cli/bundles/<name>.cjs, built by scripts/bundle.mjs from
 * src/cli/bundles/<name>.ts, which takes just these commands. The failover paths Sentinel and
 * operators start once per event, `kill` and `hook`, read and load only their own code; `all`
 * (the daemon, the demo, help and the rest) has everything.
 */
export const BUNDLE_FOR: Readonly<Record<string, string>> = {
  kill: 'kill',
  list: 'kill',
  hook: 'hook',
  reconfigure: 'hook',
};

/** The bundle for what the arguments ask for (commandName()). */
export const bundleFor = (name: string | undefined): string => (name !== undefined && Object.hasOwn(BUNDLE_FOR, name) ? BUNDLE_FOR[name]! : 'all');
