import { Command, Option } from 'commander';
import type { AgentConfig } from '../../config/types.js';
import { runReaper, type ReaperTarget } from '../../daemon/reaper-run.js';
import { connectAndAskRole } from '../../daemon/target/target-connection.js';
import { KillLane } from '../../daemon/target/kill-lane.js';
import { currentTargets } from '../../daemon/sentinel/sentinel-discovery.js';
import type { WatchedTarget } from '../../daemon/topology.js';
import { EXIT, UsageError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { table } from '../render.js';
import type { Output } from '../output.js';
import { configOption, loadConfigFlag } from './check-config.js';

/** Learn one target's role as the daemon's poller does, and give it a kill lane as the daemon does; no role if it does not answer. */
const probeTarget = async (t: WatchedTarget, cfg: AgentConfig, log: Logger): Promise<ReaperTarget & { lane: KillLane }> => {
  const lane = new KillLane(t, () => cfg, log);
  const r = await connectAndAskRole(t, cfg);
  if ('role' in r) return { name: t.name, role: r.role, lane };
  log.warn({ target: t.name, err: r.error }, 'target unreachable');
  return { name: t.name, lane };
};

export const reapCommand = (out: Output): Command =>
  new Command('reap')
    .description('run one configured reaper now on every target it applies to, and exit (0 ok, 69 a target unreachable or a kill run failed, 75 maxKills refused)')
    .argument('<name>', 'the reaper name from the config')
    .addOption(new Option('--once', 'run once now (required: the daemon runs reapers on their schedules)'))
    .addOption(configOption())
    .action(async (name: string, flags: { once?: boolean; config?: string }) => {
      const { cfg } = loadConfigFlag(flags.config);
      const reaper = cfg.reapers.find((r) => r.name === name);
      if (!reaper) throw new UsageError(`no reaper named '${name}' in the config; configured: ${cfg.reapers.map((r) => r.name).join(', ') || '(none)'}`);
      if (!flags.once) throw new UsageError('reap runs a reaper once, now: pass --once (the daemon runs reapers on their schedules)');
      const log = out.loggerAt(cfg.log.level).child({ component: 'reap', reaper: name });
      const targets = await Promise.all((await currentTargets(cfg, log)).map((t) => probeTarget(t, cfg, log)));
      try {
        const r = await runReaper(reaper, targets, cfg, log);
        const rows = targets.map((t) => {
          const k = r.results.find((x) => x.target === t.name);
          const what = !t.role ? 'UNREACHABLE' : !k ? `skipped (${t.role.kind}, reaper is for ${reaper.roles.join('/')})` : k.refused ? `REFUSED: ${k.matched} match, maxKills ${reaper.maxKills}` : k.error ? `${k.error.code}: ${k.error.message}` : k.dryRun ? `dry run: would kill ${k.matched}` : `killed ${k.killed}`;
          return [t.name, t.role?.kind ?? '-', what];
        });
        out.print(table(['TARGET', 'ROLE', 'RESULT'], rows));
        process.exitCode = r.unreachable.length > 0 || r.failed.length > 0 ? EXIT.unavailable : r.refused ? EXIT.tempFail : EXIT.ok;
      } finally {
        for (const t of targets) t.lane.close();
      }
    });
