import { Command, Option } from 'commander';
import { listMatches } from '../../kill/execute/execute.js';
import { addConnectionFlags, type ConnectionFlags } from '../connection-options.js';
import { openOneShot } from '../one-shot.js';
import { clientJson, clientTable } from '../render.js';
import type { Output } from '../output.js';

interface ListFlags extends ConnectionFlags {
  json?: boolean;
  allowReplication?: boolean;
}

export const listCommand = (out: Output): Command =>
  addConnectionFlags(
    new Command('list')
      .description('show the client connections that match a filter (all clients but replication links when none is given)')
      .argument('<target>', 'host:port, redis://..., rediss://... or a unix socket path')
      .argument('[filter...]', 'CLIENT KILL filter tokens')
      .addOption(new Option('--json', 'machine-readable output'))
      .addOption(new Option('--allow-replication', 'include replication links')),
  ).action(async (targetArg: string, filterArgs: string[], flags: ListFlags) => {
    const s = await openOneShot(targetArg, filterArgs, flags, {
      allowReplication: flags.allowReplication ?? false,
      countFirst: false,
      defaultFilter: 'SKIPME yes',
    });
    try {
      const clients = await listMatches(s.redis, s.plan, s.probe.selfId, s.label);
      out.print(flags.json ? JSON.stringify(clients.map(clientJson)) : clientTable(clients));
    } finally {
      s.redis.disconnect();
    }
  });
