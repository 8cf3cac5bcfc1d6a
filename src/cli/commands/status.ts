import { Command, Option } from 'commander';
import { fetchAdminJson } from '../../admin/client.js';
import { parseListen } from '../../config/listen.js';
import type { DaemonStatus } from '../../daemon/status.js';
import { ConfigError } from '../../errors.js';
import { table } from '../render.js';
import type { Output } from '../output.js';
import { configOption, loadConfigFlag } from './check-config.js';

const ago = (iso: string | undefined, now: number): string => {
  if (!iso) return '-';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
};

/** The /status document as tables: targets, reapers, Sentinel links, clusters. Pure (time comes in). */
export const renderStatus = (s: DaemonStatus, now: number): string => {
  const head = `reconf-agent ${s.version} (pid ${s.pid}) since ${s.startedAt}: ${s.ready ? 'ready' : 'NOT READY'}${s.dryRun ? ', DRY RUN' : ''}`;
  const targets = table(
    ['TARGET', 'ADDR', 'ROLE', 'UP', 'HELD', 'LAST CHANGE', 'LAST RUN'],
    s.targets.map((t) => {
      const c = t.lastChange;
      const r = t.lastRuns[0];
      return [
        t.name,
        t.addr,
        t.role,
        t.up ? 'yes' : 'no',
        t.held ? 'HELD' : '-',
        c ? `${c.event} (${c.from} -> ${c.to}) via ${c.source}, ${c.handled} ${ago(c.at, now)}` : '-',
        r ? `${r.trigger}: ${r.error ?? (r.dryRun ? `would kill ${r.matched}` : `killed ${r.killed}/${r.matched}`)}` : '-',
      ];
    }),
  );
  const out = [head, '', targets];
  if (s.reapers.length > 0) {
    const rows = s.reapers.map((r) => {
      const l = r.lastRun;
      const last = l ? `${ago(l.at, now)}: killed ${l.killed}/${l.matched}${l.refused ? ', REFUSED' : ''}${l.unreachable.length ? `, unreachable: ${l.unreachable.join(' ')}` : ''}` : '-';
      return [r.name, r.schedule, r.roles.join(','), r.running ? 'yes' : 'no', r.nextRun ?? '-', last];
    });
    out.push('', table(['REAPER', 'SCHEDULE', 'ROLES', 'RUNNING', 'NEXT RUN', 'LAST RUN'], rows));
  }
  if (s.sentinels.length > 0) out.push('', table(['SENTINEL', 'CONNECTED'], s.sentinels.map((x) => [x.name, x.connected ? 'yes' : 'no'])));
  for (const c of s.clusters ?? []) {
    const from = c.source ? `${c.source} from ${c.seed}, ${ago(c.lastRefreshAt, now)}` : 'no topology read yet';
    out.push('', `cluster ${c.name} (seeds ${c.seeds.join(' ')}): ${c.nodes.length} nodes, ${from}${c.error ? `; last refresh failed: ${c.error}` : ''}`);
    const rows = c.nodes.map((n) => [c.name, n.addr, n.role === 'master' ? 'master' : `replica of ${n.of ?? '?'}`, n.slots.join(',') || '-', n.health]);
    if (rows.length > 0) out.push(table(['CLUSTER', 'NODE', 'ROLE', 'SLOTS', 'HEALTH'], rows));
  }
  return out.join('\n');
};

export const statusCommand = (out: Output): Command =>
  new Command('status')
    .description("ask the running daemon (at the config's admin.listen) what it watches and did, as a table")
    .addOption(configOption())
    .addOption(new Option('--json', 'print the /status document as JSON'))
    .action(async (flags: { config?: string; json?: boolean }) => {
      const { cfg } = loadConfigFlag(flags.config);
      const addr = parseListen(cfg.admin.listen);
      if (addr.kind === 'off') throw new ConfigError(['admin.listen: is "" (off), so the daemon has no status endpoint to ask']);
      const doc = (await fetchAdminJson(addr, '/status', cfg.watch.timeoutMs)) as DaemonStatus;
      out.print(flags.json ? JSON.stringify(doc, null, 2) : renderStatus(doc, Date.now()));
    });
