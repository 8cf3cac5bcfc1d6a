import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { configPath, loadConfig, watchProblems } from '../../config/load.js';
import { ConfigError } from '../../errors.js';
import { effectiveConfig } from '../../config/redact.js';
import type { AgentConfig } from '../../config/types.js';
import { onceOption } from '../once-option.js';
import type { Output } from '../output.js';

/** `-c, --config <file>`: the config file option every daemon-side command takes. */
export const configOption = (): Option =>
  onceOption('-c, --config <file>', 'config file (else $RECONF_AGENT_CONFIG, else /etc/reconf-agent/config.yaml)');

/** For `run`: the config must also name something to watch; throws ConfigError (exit 78). */
export const requireWatchable = (cfg: AgentConfig): AgentConfig => {
  const problems = watchProblems(cfg);
  if (problems.length > 0) throw new ConfigError(problems);
  return cfg;
};

/** The config file named by the flag (or the environment), validated; throws ConfigError (exit 78). */
export const loadConfigFlag = (flag: string | undefined): { path: string; cfg: AgentConfig } => {
  const path = configPath(flag, process.env);
  return { path, cfg: loadConfig(path, process.env) };
};

export const checkConfigCommand = (out: Output): Command =>
  new Command('check-config')
    .description('validate the config file and print the effective config, secrets redacted')
    .addOption(configOption())
    .action((flags: { config?: string }) => {
      const { path, cfg } = loadConfigFlag(flags.config);
      const forRun = watchProblems(cfg).map((p) => `\n# note: \`run\` would refuse it: ${p} (fine for hook, reconfigure)`).join('');
      out.print(`# ${path}: valid.${forRun}\n# Effective config (defaults filled in, secrets redacted):\n${stringify(effectiveConfig(cfg)).trimEnd()}`);
    });
