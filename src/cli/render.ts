import type { ClientRecord } from '../kill/filter/client-list.js';
import { clientFields, clientType } from '../kill/filter/client-list.js';
import type { Plan } from '../kill/plan/compile.js';
import type { Probe } from '../kill/execute/probe.js';

const COLUMNS = ['id', 'addr', 'type', 'user', 'name', 'age', 'idle', 'flags'] as const;

const row = (c: ClientRecord): string[] => [
  String(c.id),
  c.addr,
  clientType(c),
  c.user ?? '',
  c.name,
  String(c.age),
  String(c.idle),
  c.flags || 'N',
];

/** Render rows as an aligned plain-text table. */
export const table = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
};

export const clientTable = (clients: readonly ClientRecord[]): string =>
  clients.length === 0 ? '(no matching clients)' : table(COLUMNS, clients.map(row));

/** The client as JSON for --json output. */
export const clientJson = (c: ClientRecord) => ({ ...clientFields(c), type: clientType(c) });

const cmd = (args: readonly string[]) => `CLIENT ${args.join(' ')}`;

/** Human explanation of a plan: mode, why, and the exact commands. */
export const explainPlan = (plan: Plan, probe: Probe, maxKills: number | undefined): string => {
  const lines = [
    `server: ${probe.info.flavor} ${probe.info.version} (capabilities from ${probe.caps.source})`,
    `plan: ${plan.mode}`,
    ...plan.reasons.map((r) => `  because ${r}`),
    `types touched: ${plan.types.join(', ')}${plan.types.length < 4 ? ' (replication links protected)' : ''}`,
  ];
  const skipme = plan.killById.skipme ? ` SKIPME ${(plan.filter.skipme ?? true) ? 'yes' : 'no'}` : '';
  const tail = `${plan.killById.typed ? ' TYPE <type as listed>' : ''}${skipme}`;
  const byId = plan.killById.multiId ? `CLIENT KILL ID <id...>${tail}` : `CLIENT KILL ID <id>${tail}, pipelined one per client`;
  if (plan.mode === 'native' && maxKills === undefined) {
    lines.push('commands:', ...plan.kills.map((k) => `  ${cmd(k)}`));
  } else {
    if (plan.mode === 'native') lines.push(`--max-kills ${maxKills}: counting first, so the native filter is evaluated locally and the counted clients are killed by id`);
    const checks = plan.userChecks.map((c) => `  ${cmd(c)}  (kills no one: refuses if the NOT-USER user does not exist)`);
    lines.push('commands:', ...checks, ...plan.lists.map((l) => `  ${cmd(l)}`), '  (evaluate the filter on each client locally)');
    if (maxKills !== undefined) lines.push(`  (refuse, killing nothing, if more than ${maxKills} match)`);
    lines.push(`  ${byId}`);
    if (plan.mode === 'native') lines.push('native equivalent without a cap:', ...plan.kills.map((k) => `  ${cmd(k)}`));
  }
  return lines.join('\n');
};
