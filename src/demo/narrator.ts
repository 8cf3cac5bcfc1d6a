import type { KillRunResult } from '../kill/kill-run.js';
import type { RoleChangeEvent } from '../daemon/events.js';
import type { ReaperRunResult } from '../daemon/reaper-run.js';
import type { AppClient } from './app-clients.js';

/** Writes the demo's story to the terminal, each line stamped with the seconds since the start. */
export interface Narrator {
  /** A numbered step heading. */
  step(text: string): void;
  say(text: string): void;
}

export const createNarrator = (write: (text: string) => void, now: () => number = Date.now): Narrator => {
  const t0 = now();
  let n = 0;
  const stamp = () => `[${((now() - t0) / 1000).toFixed(1).padStart(5)}s]`;
  return {
    step: (text) => write(`\n${stamp()} ${++n}. ${text}\n`),
    say: (text) => write(`${stamp()}    ${text}\n`),
  };
};

const SOURCE: Record<RoleChangeEvent['source'], string> = { sentinel: 'a Sentinel event', poll: 'the ROLE poll', cluster: "the cluster's topology" };

/** A role change; `again` when the same change was already reported (by another Sentinel, or the poll). */
export const roleChangeLine = (e: RoleChangeEvent, again: boolean): string =>
  again
    ? `the same change on ${e.target} reported again, through ${SOURCE[e.source]}: handled already, no policy runs twice`
    : `role change on ${e.target}: ${e.from} -> ${e.to} (${e.event}, seen through ${SOURCE[e.source]})`;

/** An app client's reconnection, and whether it found the new master. */
export const reconnectLine = (c: AppClient, addr: string, newMaster: string): string =>
  `${c.name} (user ${c.user}, ${c.kind}) reconnected to ${addr}: ` +
  (addr === newMaster ? 'the new master' : 'still the old master (the Sentinel it asked had not heard of the switch yet)');

const outcome = (r: KillRunResult): string =>
  r.error ? (r.refused ? `refused: ${r.matched} matched, over maxKills` : `failed: ${r.error.message}`) : `killed ${r.killed} client(s)`;

const sweep = (r: KillRunResult): string =>
  r.trigger.change?.endsWith('(sweep)') ? ' [sweep: another Sentinel announced the switch; catches clients that reconnected to the old master]' : '';

export const killRunLine = (r: KillRunResult): string =>
  `${r.trigger.kind} ${r.trigger.name} on ${r.target} (${r.filter}): ${outcome(r)}${sweep(r)}`;

export const reaperLine = (r: ReaperRunResult): string => {
  const killed = r.results.reduce((n, x) => n + x.killed, 0);
  return `reaper ${r.reaper}: killed ${killed} client(s) on ${r.results.length} node(s)${r.unreachable.length ? `; not reached: ${r.unreachable.join(', ')}` : ''}`;
};

/** `shop-1, shop-2 on 127.0.0.1:7001; reporting-1 reconnecting`: where the app clients are now. */
export const placementLine = (clients: readonly AppClient[]): string => {
  const by = new Map<string, string[]>();
  for (const c of clients) {
    const where = c.addr() ?? 'reconnecting';
    by.set(where, [...(by.get(where) ?? []), c.name]);
  }
  return [...by].map(([where, names]) => `${names.join(', ')} ${where === 'reconnecting' ? where : `on ${where}`}`).join('; ');
};
