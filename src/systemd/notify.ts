import { execFile } from 'node:child_process';
import type { Logger } from '../log/logger.js';

/**
 * Tells the service manager how the daemon is doing (sd_notify protocol). The daemon calls
 * `ready`, `reloading` and `stopping`; the `run` command drives `watchdog` with startWatchdog.
 */
export interface Notifier {
  /** READY=1, with an optional STATUS= line: the config is valid and every target was polled. */
  ready(status?: string): void;
  /** RELOADING=1 (with MONOTONIC_USEC, as Type=notify-reload wants); send `ready` when done. */
  reloading(): void;
  /** STOPPING=1. */
  stopping(): void;
  /** STATUS=<text>, shown by `systemctl status`. */
  status(text: string): void;
  /** WATCHDOG=1. */
  watchdog(): void;
  /** Resolves once every message so far went out (before the process exits, so STOPPING=1 is not lost). */
  flush(): Promise<void>;
}

export const noopNotifier: Notifier = {
  ready: () => undefined,
  reloading: () => undefined,
  stopping: () => undefined,
  status: () => undefined,
  watchdog: () => undefined,
  flush: () => Promise.resolve(),
};

/** Runs `systemd-notify ARGS...`; resolves when it exited, whatever the outcome. */
export type NotifyRunner = (args: readonly string[]) => Promise<void>;

const monotonicUsec = (): string => String(process.hrtime.bigint() / 1000n);

/**
 * The sd_notify messages for one call, as `systemd-notify` arguments. Pure. `--pid` names this
 * process as the main PID, since the message comes from the short-lived systemd-notify child
 * (the unit needs NotifyAccess=all).
 */
export const notifyArgs = (pid: number, ...assignments: string[]): string[] => [`--pid=${pid}`, ...assignments];

/**
 * The sd_notify client, by running `systemd-notify` (Node has no unix datagram sockets, and we
 * take no native addon). A no-op when NOTIFY_SOCKET is unset, i.e. outside systemd. Messages
 * are sent one after another, in order; a failure is logged once and never thrown.
 */
export const systemdNotifier = (env: NodeJS.ProcessEnv, log?: Logger, runner?: NotifyRunner): Notifier => {
  if (!env.NOTIFY_SOCKET) return noopNotifier;
  let warned = false;
  const run: NotifyRunner =
    runner ??
    ((args) =>
      new Promise((resolve) => {
        execFile('systemd-notify', [...args], { env: { ...process.env, NOTIFY_SOCKET: env.NOTIFY_SOCKET }, timeout: 5000 }, (e) => {
          if (e && !warned) {
            warned = true;
            log?.warn({ err: e.message, args }, 'systemd-notify failed (is it installed, and NotifyAccess=all set?)');
          }
          resolve();
        });
      }));
  let chain: Promise<void> = Promise.resolve();
  const send = (...assignments: string[]): void => {
    chain = chain.then(() => run(notifyArgs(process.pid, ...assignments)));
  };
  return {
    ready: (status) => send('READY=1', ...(status ? [`STATUS=${status}`] : [])),
    reloading: () => send('RELOADING=1', `MONOTONIC_USEC=${monotonicUsec()}`),
    stopping: () => send('STOPPING=1'),
    status: (text) => send(`STATUS=${text}`),
    watchdog: () => send('WATCHDOG=1'),
    flush: () => chain,
  };
};

/** The watchdog ping interval systemd asks for (half of WATCHDOG_USEC), or undefined when it is off. Pure. */
export const watchdogIntervalMs = (env: NodeJS.ProcessEnv, pid: number): number | undefined => {
  const usec = Number(env.WATCHDOG_USEC);
  if (!env.WATCHDOG_USEC || !Number.isFinite(usec) || usec <= 0) return undefined;
  if (env.WATCHDOG_PID && Number(env.WATCHDOG_PID) !== pid) return undefined;
  return Math.max(1, Math.floor(usec / 2 / 1000));
};

/**
 * Send WATCHDOG=1 every WATCHDOG_USEC/2 while `healthy()` says so. The timer itself only fires
 * while the event loop runs, so a blocked loop stops the pings and systemd restarts us.
 * Returns the stopper (a no-op when the watchdog is off).
 */
export const startWatchdog = (n: Notifier, env: NodeJS.ProcessEnv, healthy: () => boolean = () => true): (() => void) => {
  const every = watchdogIntervalMs(env, process.pid);
  if (every === undefined) return () => undefined;
  const timer = setInterval(() => {
    if (healthy()) n.watchdog();
  }, every);
  timer.unref();
  return () => clearInterval(timer);
};
