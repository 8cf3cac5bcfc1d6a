import { Command } from 'commander';
import type { AgentConfig } from '../../config/types.js';
import { ConfigError } from '../../errors.js';
import { HookConfigError } from '../../hook/errors.js';
import { HOOK_USAGE, parseHookArgs } from '../../hook/hook-args.js';
import { hookJobs, hookSkipReason } from '../../hook/jobs.js';
import { HOOK_EXIT } from '../../hook/outcome.js';
import { reportOutcomes } from '../../hook/report.js';
import { runJobs } from '../../hook/run-jobs.js';
import type { Output } from '../output.js';
import { loadConfigFlag } from './check-config.js';

/** Sentinel SIGKILLs a script after 60 s; finish (and ask for a retry) well before that. */
export const HOOK_DEADLINE_MS = 45_000;

const loadHookConfig = (flag: string | undefined): AgentConfig => {
  try {
    return loadConfigFlag(flag).cfg;
  } catch (e) {
    throw e instanceof ConfigError ? new HookConfigError(e.problems) : e;
  }
};

/**
 * `hook`: Sentinel's client-reconfig-script. Its arguments are parsed by hand, not by
 * commander, so every bad argument exits 2 (not retried by Sentinel) rather than 64.
 */
export const hookCommand = (out: Output): Command =>
  new Command('hook')
    .description("Sentinel's client-reconfig-script: run the config's demoted policies on the old master and its promoted policies on the new one")
    .usage(HOOK_USAGE)
    .argument('[args...]', 'the arguments Sentinel passes')
    .allowUnknownOption()
    .addHelpText(
      'after',
      [
        '',
        'Hook flags (read by the hook itself):',
        '  -c, --config <file>  config file (default: $RECONF_AGENT_CONFIG, else /etc/reconf-agent/config.yaml)',
        '  --leader-only        observers exit 0 doing nothing; only the failover leader runs the policies',
        '',
        'Exit: 0 done; 1 a target not reached (Sentinel retries); 2 bad arguments, bad config or a maxKills refusal (not retried).',
      ].join('\n'),
    )
    .action(async (args: string[]) => {
      const req = parseHookArgs(args);
      if (req.leaderOnly && req.role === 'observer') {
        out.print(`hook: observer for '${req.masterName}' with --leader-only: nothing to do`);
        return;
      }
      const cfg = loadHookConfig(req.configFlag);
      const skip = hookSkipReason(req, cfg);
      if (skip) {
        out.print(`hook: ${skip}`);
        return;
      }
      const outcomes = await runJobs(hookJobs(req, cfg), cfg, out.loggerAt(cfg.log.level), HOOK_DEADLINE_MS);
      reportOutcomes(outcomes, HOOK_EXIT, 'hook', out.print);
    });
