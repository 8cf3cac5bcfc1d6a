import { h as Command, m as UsageError } from "./redact-BW3B_R78.js";
import { t as onceOption } from "./once-option-DLKHNNHn.js";
import { c as EVENTS } from "./load-U7pYn303.js";
import { a as eventJobs, i as RECONFIGURE_EXIT, n as reportOutcomes, t as runJobs } from "./run-jobs-BW0zm8Lw.js";
import { y as parseTarget } from "./bounds-QBJMsuNQ.js";
import { n as configOption, r as loadConfigFlag } from "./check-config-CJBHQq88.js";
// dist/hook/reconfigure-args.js
/** Check `reconfigure`'s flags before anything is read or sent. Pure; throws UsageError (exit 64). */
const parseReconfigureFlags = (f) => {
	if (f.target === void 0 || f.target.trim() === "") throw new UsageError("reconfigure needs --target host:port (or a redis:// URL or socket path)");
	if (f.event === void 0) throw new UsageError(`reconfigure needs --event ${EVENTS.join("|")}`);
	if (!EVENTS.includes(f.event)) throw new UsageError(`--event '${f.event}' is not one of ${EVENTS.join(", ")}`);
	parseTarget(f.target);
	return {
		target: f.target.trim(),
		event: f.event,
		...f.config !== void 0 && { configFlag: f.config }
	};
};
// dist/cli/commands/reconfigure.js
/** `reconfigure`: the hook for failover tools other than Sentinel; one target, one event. */
const reconfigureCommand = (out) => new Command("reconfigure").description("run the config's policies for one role change on one target (for failover tools other than Sentinel)").addOption(onceOption("--target <target>", "host:port, redis://..., rediss://... or a unix socket path")).addOption(onceOption("--event <event>", `the role change: ${EVENTS.join(" | ")}`)).addOption(configOption()).addHelpText("after", "\nExit: 0 done; 64 bad arguments; 69 target unreachable; 75 refused by a maxKills; 78 bad config.").action(async (flags) => {
	const req = parseReconfigureFlags(flags);
	const { cfg } = loadConfigFlag(req.configFlag);
	const jobs = eventJobs(req.target, req.event, `${req.event} (reported by reconfigure)`, cfg);
	if (jobs.length === 0) out.print(`reconfigure: no policy reacts to ${req.event}: nothing to do`);
	const outcomes = await runJobs(jobs, cfg, out.loggerAt(cfg.log.level));
	reportOutcomes(outcomes, RECONFIGURE_EXIT, "reconfigure", out.print);
});
export { reconfigureCommand };
