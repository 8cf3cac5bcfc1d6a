import { Command } from 'commander';
import { onceOption } from '../once-option.js';
import { EVENTS } from '../../config/types.js';
import { eventJobs } from '../../hook/jobs.js';
import { RECONFIGURE_EXIT } from '../../hook/outcome.js';
import { parseReconfigureFlags, type ReconfigureFlags } from '../../hook/reconfigure-args.js';
import { reportOutcomes } from '../../hook/report.js';
import { runJobs } from '../../hook/run-jobs.js';
import type { Output } from '../output.js';
import { configOption, loadConfigFlag } from './check-config.js';

/** `reconfigure`: the hook for failover tools other than Sentinel; one target, one event. */
export const reconfigureCommand = (out: Output): Command =>
  new Command('reconfigure')
    .description("run the config's policies for one role change on one target (for failover tools other than Sentinel)")
    .addOption(onceOption('--target <target>', 'host:port, redis://..., rediss://... or a unix socket path'))
    .addOption(onceOption('--event <event>', `the role change: ${EVENTS.join(' | ')}`))
    .addOption(configOption())
    .addHelpText('after', '\nExit: 0 done; 64 bad arguments, or the target is a Sentinel; 69 target unreachable; 75 refused by a maxKills; 78 bad config.')
    .action(async (flags: ReconfigureFlags) => {
      const req = parseReconfigureFlags(flags);
      const { cfg } = loadConfigFlag(req.configFlag);
      const jobs = eventJobs(req.target, req.event, `${req.event} (reported by reconfigure)`, cfg);
      if (jobs.length === 0) out.print(`reconfigure: no policy reacts to ${req.event}: nothing to do`);
      const outcomes = await runJobs(jobs, cfg, out.loggerAt(cfg.log.level));
      reportOutcomes(outcomes, RECONFIGURE_EXIT, 'reconfigure', out.print);
    });
