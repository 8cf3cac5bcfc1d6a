import { Command, Option } from 'commander';
import { runPlanAudited } from '../../kill/kill-run.js';
import { checkCount } from '../../input/bounds.js';
import { addConnectionFlags, flagNumber, type ConnectionFlags } from '../connection-options.js';
import { onceOption } from '../once-option.js';
import { openOneShot } from '../one-shot.js';
import { clientJson, clientTable, explainPlan } from '../render.js';
import type { Output } from '../output.js';

interface KillFlags extends ConnectionFlags {
  dryRun?: boolean;
  explain?: boolean;
  json?: boolean;
  allowReplication?: boolean;
  allowSentinel?: boolean;
  maxKills?: string;
}

export const killCommand = (out: Output): Command =>
  addConnectionFlags(
    new Command('kill')
      .description('close the client connections that match a CLIENT KILL filter')
      .argument('<target>', 'host:port, redis://..., rediss://... or a unix socket path')
      .argument('[filter...]', 'CLIENT KILL filter tokens, e.g. TYPE normal USER app IDLE 60')
      .addOption(new Option('--dry-run', 'kill nothing; show which clients would be killed'))
      .addOption(new Option('--explain', 'print the plan: native or emulated, and the exact commands'))
      .addOption(new Option('--json', 'machine-readable output'))
      .addOption(new Option('--allow-replication', 'let the filter reach replication links (TYPE master/replica)'))
      .addOption(new Option('--allow-sentinel', 'kill on a Sentinel too (refused by default: it would cut Sentinel links)'))
      .addOption(onceOption('--max-kills <n>', 'refuse, killing nothing, when more than n clients match')),
  ).action(async (targetArg: string, filterArgs: string[], flags: KillFlags) => {
    if (filterArgs.length === 0) out.fail('kill needs a filter, e.g. `TYPE normal USER app`; see docs/filter-language.md');
    const maxKills = flags.maxKills === undefined ? undefined : flagNumber('--max-kills', checkCount(flags.maxKills));
    const s = await openOneShot(targetArg, filterArgs, flags, {
      allowReplication: flags.allowReplication ?? false,
      countFirst: maxKills !== undefined,
      refuseSentinel: !flags.allowSentinel,
    });
    try {
      if (flags.explain && !flags.json) {
        out.print(explainPlan(s.plan, s.probe, maxKills));
        if (flags.dryRun) out.print('dry run: only the CLIENT LIST step is sent; nothing is killed');
      }
      const spec = { dryRun: flags.dryRun ?? false, ...(maxKills !== undefined && { maxKills }) };
      const run = await runPlanAudited(s, s.plan, spec, { kind: 'cli', name: 'kill' }, out.logger);
      if (!run.execution) throw run.failure;
      const result = run.execution;
      const { trigger: _trigger, error: _error, refused: _refused, ...summary } = run.result;
      if (flags.json) {
        out.print(JSON.stringify({ ...summary, commands: result.sent.map((c) => ['CLIENT', ...c].join(' ')), clients: result.matched?.map(clientJson) }));
      } else if (flags.dryRun) {
        out.print(clientTable(result.matched ?? []));
        out.print(`dry run: ${summary.matched} client(s) would be killed on ${s.label}; nothing was killed`);
      } else {
        out.print(`killed ${result.killed} client(s) on ${s.label}`);
      }
    } finally {
      s.redis.disconnect();
    }
  });
