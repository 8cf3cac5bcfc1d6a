import { addrOf } from '../target/role.js';

/** The Sentinel channels the agent subscribes to. `-role-change` is the same hint as `+role-change`. */
export const SENTINEL_CHANNELS = ['+switch-master', '+role-change', '-role-change', '+convert-to-slave'] as const;
export type SentinelChannel = (typeof SENTINEL_CHANNELS)[number];

/**
 * A Sentinel pub/sub message, read. `switch-master`: the master moved from `from` to `to`.
 * `instance`: something happened to the instance at `addr` (re-poll it), in `master`'s group.
 */
export type SentinelEvent =
  | { readonly kind: 'switch-master'; readonly master: string; readonly from: string; readonly to: string }
  | { readonly kind: 'instance'; readonly channel: Exclude<SentinelChannel, '+switch-master'>; readonly type: string; readonly addr: string; readonly master: string };

/**
 * Parse one message. Pure. Formats (sentinel.c): `+switch-master <name> <old-ip> <old-port> <new-ip> <new-port>`;
 * instance details `<type> <name> <ip> <port> [@ <master-name> <master-ip> <master-port>]`, the `@` part
 * absent for a master, possibly followed by words (`new reported role is master`).
 * Returns undefined for a channel we do not follow or a message we cannot read.
 */
export const parseSentinelMessage = (channel: string, message: string): SentinelEvent | undefined => {
  const w = message.trim().split(/\s+/);
  if (channel === '+switch-master') {
    if (w.length < 5) return undefined;
    const [master, oldIp, oldPort, newIp, newPort] = w as [string, string, string, string, string];
    if (!/^\d+$/.test(oldPort) || !/^\d+$/.test(newPort)) return undefined;
    return { kind: 'switch-master', master, from: addrOf(oldIp, oldPort), to: addrOf(newIp, newPort) };
  }
  if (!(SENTINEL_CHANNELS as readonly string[]).includes(channel) || w.length < 4) return undefined;
  const [type, name, ip, port] = w as [string, string, string, string];
  if (!/^\d+$/.test(port)) return undefined;
  const master = w[4] === '@' && w[5] ? w[5] : name;
  return { kind: 'instance', channel: channel as Exclude<SentinelChannel, '+switch-master'>, type, addr: addrOf(ip, port), master };
};

/** Events of masters we do not follow are ignored; with no `masters` configured, every master is followed. */
export const followed = (e: SentinelEvent, masters: readonly string[]): boolean => masters.length === 0 || masters.includes(e.master);
