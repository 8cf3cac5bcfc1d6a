// What the host tests do and read inside a booted guest: unit properties, the agent's JSON log
// lines from the journal, its admin endpoint, and who is connected to the guest's redis-server.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Guest } from './nspawn.js';

/** The password the guests' redis-servers require (test-only, never a real secret). */
export const PASSWORD = 'host-test-pw-7f3a';

/** Polls `check` until it returns a value other than undefined/false, or throws naming `what`. */
export const waitFor = async <T>(what: string, check: () => T | undefined | false, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
};

/** `systemctl show UNIT -p A -p B` as a record; timestamps as `Wed 2026-12-02 03:50:01.123456 UTC`. */
export const unitProps = (g: Guest, unit: string, ...props: string[]): Record<string, string> =>
  Object.fromEntries(
    g
      .ok(`systemctl show --timestamp=us+utc ${unit} ${props.map((p) => `-p ${p}`).join(' ')}`)
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

/** A unitProps timestamp in ms since the epoch (NaN when empty). */
export const epochMs = (ts: string): number => {
  const m = /(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\.(\d{3})\d* UTC/.exec(ts);
  return m ? Date.parse(`${m[1]}T${m[2]}.${m[3]}Z`) : Number.NaN;
};

/** The agent's JSON log lines for `unit` since the guest booted, parsed. */
export const agentLog = (g: Guest, unit: string): Record<string, unknown>[] =>
  g
    .ok(`journalctl -q -u ${unit} -o cat --no-pager`)
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** The unit's whole journal as text (systemd's own lines included). */
export const journal = (g: Guest, unit: string): string => g.ok(`journalctl -q -u ${unit} --no-pager`);

/** GET http://127.0.0.1:9477PATH inside the guest, with the guest's node: status and body. */
export const adminGet = (g: Guest, path: string): { status: number; body: string } => {
  const r = g.sh(
    `node -e "fetch('http://127.0.0.1:9477${path}').then(async (r) => console.log(JSON.stringify({ status: r.status, body: await r.text() })), () => console.log('{\\"status\\":0,\\"body\\":\\"\\"}'))"`,
  );
  return r.status === 0 ? (JSON.parse(r.stdout) as { status: number; body: string }) : { status: 0, body: r.stderr };
};

/** redis-cli against the guest's server on `port`, authenticated. */
export const redisCli = (g: Guest, port: number, args: string): string => g.ok(`REDISCLI_AUTH=${PASSWORD} redis-cli --no-auth-warning -p ${port} ${args}`).trim();

/** How many clients of each name are connected to the guest's server on `port`. */
export const clientNames = (g: Guest, port: number): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const line of redisCli(g, port, 'CLIENT LIST').split('\n')) {
    const name = / name=(\S*)/.exec(line)?.[1] ?? '';
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
};

/** The unit's main process id in the guest (0 when not running). */
export const mainPid = (g: Guest, unit: string): number => Number(unitProps(g, unit, 'MainPID').MainPID);

/** The guest's redis-server (6379) wants PASSWORD; a second one on 6380, same password, to swap roles with. */
export const setUpGuestRedis = async (g: Guest): Promise<void> => {
  g.ok(
    [
      `redis-cli CONFIG SET requirepass ${PASSWORD}`,
      `redis-cli --no-auth-warning -a ${PASSWORD} CONFIG SET masterauth ${PASSWORD}`,
      `systemd-run -q --unit=redis-b redis-server --port 6380 --save '' --appendonly no --requirepass ${PASSWORD}`,
    ].join(' && '),
  );
  await waitFor('redis-b', () => g.sh(`REDISCLI_AUTH=${PASSWORD} redis-cli --no-auth-warning -p 6380 PING`).stdout.trim() === 'PONG');
};

/** The agent config the host tests use: one target (6379), a policy for clients named app on demotion. */
export const agentConfig = (extraTarget = false): string => `targets:
  - { name: local, url: "redis://127.0.0.1:6379" }
${extraTarget ? '  - { name: second, url: "redis://127.0.0.1:6380" }\n' : ''}watch: { pollIntervalMs: 200 }
policies:
  - { name: demoted-app, on: demoted, filter: "TYPE normal NAME app" }
`;

/**
 * Holds 3 clients named app and 2 named other on 6379 (guest script hold-clients.mjs, bound at
 * /opt/host-tests), demotes 6379 with REPLICAOF 6380, waits until the app clients are gone, and
 * returns who is left, the audit lines the run left, and whether 6380 still has its replica. Then
 * swaps back.
 */
export const demoteWithClients = async (g: Guest, unit: string) => {
  g.ok(`systemd-run -q --unit=app-clients -E REDISCLI_AUTH=${PASSWORD} /usr/bin/node /opt/host-tests/hold-clients.mjs 6379 app=3 other=2`);
  await waitFor('the held clients', () => clientNames(g, 6379).app === 3 && clientNames(g, 6379).other === 2);
  const auditsBefore = agentLog(g, unit).filter((l) => l.audit === true).length;
  redisCli(g, 6379, 'REPLICAOF 127.0.0.1 6380');
  await waitFor('the app clients closed', () => clientNames(g, 6379).app === undefined);
  const left = clientNames(g, 6379);
  const replicaLink = await waitFor('the replica link', () => /connected_slaves:1/.test(redisCli(g, 6380, 'INFO replication')));
  const audits = await waitFor('the audit line', () => {
    const a = agentLog(g, unit).filter((l) => l.audit === true).slice(auditsBefore);
    return a.length > 0 && a;
  });
  redisCli(g, 6379, 'REPLICAOF NO ONE');
  g.ok('systemctl stop app-clients');
  return { left, audits, replicaLink };
};
