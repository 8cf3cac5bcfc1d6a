import { c as EXIT, h as Command, p as UnreachableError, s as ConfigError } from "./redact-BW3B_R78.js";
import { n as startWatchdog, r as systemdNotifier, t as startDaemon } from "./daemon-PJLcxB5C.js";
import { b as DaemonError, v as settleWithin } from "./kill-lane-DCuO7J-t.js";
import { r as createLogger } from "./version-BwJEGVTD.js";
import { i as requireWatchable, n as configOption, r as loadConfigFlag } from "./check-config-CJBHQq88.js";
// dist/cli/commands/run.js
/** SIGHUP: read and validate the file again; a broken file is logged and the running config stays. */
const reloadFrom = async (path, flag, daemon, log, notify) => {
	let next;
	try {
		next = requireWatchable(loadConfigFlag(flag).cfg);
	} catch (e) {
		const problems = e instanceof ConfigError ? e.problems : [e.message];
		log.error({
			config: path,
			problems
		}, "reload refused: the new config is invalid; the running config stays");
		notify.ready();
		return;
	}
	await daemon.reload(next);
};
const runCommand = () => new Command("run").description("the daemon: watch roles, run policies on role changes and reapers on their schedules (JSON logs on stdout)").addOption(configOption()).action(async (flags, cmd) => {
	const loaded = loadConfigFlag(flags.config);
	const { path } = loaded;
	const cfg = requireWatchable(loaded.cfg);
	const logger = createLogger(cfg.log.level, 1, cmd.optsWithGlobals().logFormat ?? "json");
	const log = logger.child({ component: "run" });
	process.on("unhandledRejection", (e) => log.error({ err: String(e?.stack ?? e) }, "unhandled rejection (a bug): logged, the daemon keeps running"));
	const notify = systemdNotifier(process.env, logger.child({ component: "systemd" }));
	let daemon;
	try {
		daemon = await startDaemon(cfg, {
			logger,
			notify
		});
	} catch (e) {
		if (e instanceof DaemonError) throw new UnreachableError(e.message);
		throw e;
	}
	log.info({ config: path }, "running");
	const stopWatchdog = startWatchdog(notify, process.env);
	const drained = await new Promise((done) => {
		let reloads = Promise.resolve();
		let stopping = false;
		const shutdown = (signal) => {
			if (stopping) return;
			stopping = true;
			log.info({ signal }, "shutting down");
			stopWatchdog();
			reloads.then(() => daemon.stop()).then(done, (e) => {
				log.error({ err: e.message }, "stopping failed");
				done(false);
			});
		};
		process.on("SIGTERM", shutdown);
		process.on("SIGINT", shutdown);
		process.on("SIGHUP", () => {
			log.info({ config: path }, "SIGHUP: reloading the config");
			reloads = reloads.then(() => reloadFrom(path, flags.config, daemon, log, notify)).catch((e) => log.error({ err: e.message }, "reload failed"));
		});
	});
	await settleWithin(notify.flush(), 5e3);
	process.exit(drained ? EXIT.ok : EXIT.tempFail);
});
export { runCommand };
