import { Command } from 'commander';
import type { AgentConfig } from '../../config/types.js';
import { startDaemon, type DaemonHandle } from '../../daemon/daemon.js';
import { DaemonError } from '../../daemon/errors.js';
import { ConfigError, EXIT, UnreachableError } from '../../errors.js';
import { settleWithin } from '../../daemon/target/timeout.js';
import { createLogger, type LogFormat, type Logger } from '../../log/logger.js';
import { startWatchdog, systemdNotifier, type Notifier } from '../../systemd/notify.js';
import { configOption, loadConfigFlag, requireWatchable } from './check-config.js';

/** SIGHUP: read and validate the file again; a broken file is logged and the running config stays. */
const reloadFrom = async (path: string, flag: string | undefined, daemon: DaemonHandle, log: Logger, notify: Notifier): Promise<void> => {
  let next: AgentConfig;
  try {
    next = requireWatchable(loadConfigFlag(flag).cfg);
  } catch (e) {
    const problems = e instanceof ConfigError ? e.problems : [(e as Error).message];
    log.error({ config: path, problems }, 'reload refused: the new config is invalid; the running config stays');
    notify.ready();
    return;
  }
  await daemon.reload(next);
};

export const runCommand = (): Command =>
  new Command('run')
    .description('the daemon: watch roles, run policies on role changes and reapers on their schedules (JSON logs on stdout)')
    .addOption(configOption())
    .action(async (flags: { config?: string }, cmd: Command) => {
      const loaded = loadConfigFlag(flags.config);
      const { path } = loaded;
      const cfg = requireWatchable(loaded.cfg);
      // JSON on stdout for journald unless --log-format text (the program's option) asks otherwise.
      const logger = createLogger(cfg.log.level, 1, cmd.optsWithGlobals<{ logFormat?: LogFormat }>().logFormat ?? 'json');
      const log = logger.child({ component: 'run' });
      process.on('unhandledRejection', (e) => log.error({ err: String((e as Error)?.stack ?? e) }, 'unhandled rejection (a bug): logged, the daemon keeps running'));
      const notify = systemdNotifier(process.env, logger.child({ component: 'systemd' }));
      let daemon: DaemonHandle;
      try {
        daemon = await startDaemon(cfg, { logger, notify });
      } catch (e) {
        if (e instanceof DaemonError) throw new UnreachableError(e.message);
        throw e;
      }
      log.info({ config: path }, 'running');
      const stopWatchdog = startWatchdog(notify, process.env);
      const drained = await new Promise<boolean>((done) => {
        let reloads = Promise.resolve();
        let stopping = false;
        const shutdown = (signal: NodeJS.Signals): void => {
          if (stopping) return;
          stopping = true;
          log.info({ signal }, 'shutting down');
          stopWatchdog();
          // A reload still going finishes first (it is bounded by its own connects).
          void reloads.then(() => daemon.stop()).then(done, (e: Error) => {
            log.error({ err: e.message }, 'stopping failed');
            done(false);
          });
        };
        process.on('SIGTERM', shutdown);
        process.on('SIGINT', shutdown);
        process.on('SIGHUP', () => {
          log.info({ config: path }, 'SIGHUP: reloading the config');
          reloads = reloads.then(() => reloadFrom(path, flags.config, daemon, log, notify)).catch((e: Error) => log.error({ err: e.message }, 'reload failed'));
        });
      });
      // STOPPING=1 goes out before we exit, however short the stop was.
      await settleWithin(notify.flush(), 5000);
      process.exit(drained ? EXIT.ok : EXIT.tempFail);
    });
