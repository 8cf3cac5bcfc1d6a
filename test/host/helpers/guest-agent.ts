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
