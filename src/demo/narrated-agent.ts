import type { Redis } from 'ioredis';
import type { AgentConfig } from '../config/types.js';
import type { KillRunResult } from '../kill/kill-run.js';
import { printFilter } from '../kill/filter/print.js';
import { startDaemon, type DaemonHandle } from '../daemon/daemon.js';
import { createLogger } from '../log/logger.js';
import { AGENT_ACL_RULES, AGENT_USER, agentAclSetuser } from './agent-user.js';
import { appUserAcl } from './app-clients.js';
import { killRunLine, roleChangeLine, type Narrator } from './narrator.js';

export interface NarratedAgent {
  readonly daemon: DaemonHandle;
  /** Clients the policies have closed so far. */
  policyKills(): number;
}

/** Create the agent's ACL user (with `extra` rights) and the apps' users on the node `r` is connected to. */
export const setUpUsers = async (r: Redis, password: string, appUsers: readonly string[], extra: readonly string[] = []): Promise<void> => {
  await r.call('ACL', ...agentAclSetuser(password, extra));
  for (const user of new Set(appUsers)) await r.call('ACL', ...appUserAcl(user));
};

export const usersLine = (extra: readonly string[] = []): string =>
  `ACL users: ${AGENT_USER} (${[...AGENT_ACL_RULES, ...extra].join(' ')}); shop and reporting for the applications`;

/**
 * Start the agent in this process, as `reconf-agent run` would, and narrate its policies, each role
 * change (a repeat of the same change is said to be handled already) and each policy run.
 */
export const startNarratedAgent = async (cfg: AgentConfig, n: Narrator): Promise<NarratedAgent> => {
  for (const p of cfg.policies) n.say(`policy ${p.name}: when a node is ${p.on}, close ${printFilter(p.filter)}`);
  const daemon = await startDaemon(cfg, { logger: createLogger(cfg.log.level, 2) });
  let policyKills = 0;
  const seen = new Set<string>();
  daemon.events.on('role-change', (e) => {
    const key = `${e.target} ${e.event} ${e.to}`;
    n.say(roleChangeLine(e, seen.has(key)));
    seen.add(key);
  });
  daemon.events.on('kill-run', (r: KillRunResult) => {
    if (r.trigger.kind !== 'policy') return;
    policyKills += r.killed;
    n.say(killRunLine(r));
  });
  await daemon.ready;
  return { daemon, policyKills: () => policyKills };
};
