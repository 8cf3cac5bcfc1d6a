/**
 * The rights the agent's ACL user needs on data nodes (the daemon: ROLE polls, INFO,
 * capability probes, CLIENT LIST/KILL). docs/install.md gives the same line; a test checks.
 * `resetchannels`: no pub/sub channels, also on Redis 6.2 where `reset` grants them all.
 */
export const AGENT_ACL_RULES = ['+ping', '+info', '+role', '+client|id', '+client|setname', '+client|list', '+client|kill', '+command|docs', 'resetchannels'] as const;

export const AGENT_USER = 'reconf-agent';

/** `ACL SETUSER` arguments creating (or resetting) the agent's user with `password`. */
export const agentAclSetuser = (password: string, extra: readonly string[] = []): string[] => ['SETUSER', AGENT_USER, 'reset', 'on', `>${password}`, ...AGENT_ACL_RULES, ...extra];

/** On cluster nodes the agent also reads the topology: CLUSTER SHARDS, and CLUSTER NODES where there is no SHARDS. */
export const CLUSTER_ACL_RULES = ['+cluster|shards', '+cluster|nodes'] as const;
