import { c as EXIT, d as ReconfError, i as redactUserinfo, m as UsageError, r as redactSecrets, s as ConfigError } from "./redact-BW3B_R78.js";
import { b as targetLabel } from "./bounds-QBJMsuNQ.js";
import { r as runPoliciesOnce } from "./run-policies-BjXAewdU.js";
// dist/hook/errors.js
/** A bad hook argument: exit 2, so Sentinel logs the failure and does not retry. Nothing was sent. */
var HookUsageError = class extends UsageError {
	exitCode = EXIT.hookFatal;
};
/** A bad config seen by the hook: exit 2, not retried by Sentinel. */
var HookConfigError = class extends ConfigError {
	exitCode = EXIT.hookFatal;
};
/**
* A run that finished but did not do everything (a target unreachable, a cap refused): the
* message summarises it, the exit code is the command's documented one for that outcome.
*/
var RunOutcomeError = class extends ReconfError {
	code;
	exitCode;
	constructor(code, exitCode, message) {
		super(message);
		this.code = code;
		this.exitCode = exitCode;
	}
};
// dist/hook/jobs.js
/**
* A bare address from Sentinel, as runPoliciesOnce should reach it: a configured target at the
* same address brings its own TLS setting and credentials; otherwise TLS is on when the config
* sets any tls file.
*/
const hookAddress = (addr, cfg) => cfg.targets.some((t) => targetLabel(t.target) === addr) || Object.keys(cfg.tls).length === 0 ? addr : `rediss://${addr}`;
/** The job for `addr` on `event`, or none when no policy reacts to that event. */
const eventJobs = (addr, event, change, cfg) => cfg.policies.some((p) => p.on === event) ? [{
	addr,
	event,
	change
}] : [];
/** What a Sentinel hook call runs: `demoted` policies on the old master, `promoted` on the new one. */
const hookJobs = (req, cfg) => {
	const via = `sentinel ${req.role}, master '${req.masterName}'`;
	return [...eventJobs(hookAddress(req.from, cfg), "demoted", `master -> replaced by ${req.to} (${via})`, cfg), ...eventJobs(hookAddress(req.to, cfg), "promoted", `replica -> master, replacing ${req.from} (${via})`, cfg)];
};
/** Why a hook call does nothing, or undefined when it should run. Checked once the config is loaded. */
const hookSkipReason = (req, cfg) => cfg.masters.length > 0 && !cfg.masters.includes(req.masterName) ? `master '${req.masterName}' is not one of the config's masters (${cfg.masters.join(", ")}): nothing to do` : void 0;
// dist/hook/outcome.js
/**
* How a whole run went, worst first. `unreachable` also covers a login refused and a
* connection lost mid-run: all worth another try later; `refused` is a maxKills cap.
*/
const STATUSES = [
	"unreachable",
	"refused",
	"ok"
];
const codeStatus = (code) => code === void 0 ? "ok" : code === "MAX_KILLS_EXCEEDED" ? "refused" : "unreachable";
const worst = (list) => STATUSES.find((s) => list.includes(s)) ?? "ok";
const outcomeStatus = (o) => worst([codeStatus(o.error?.code), ...o.results.map((r) => codeStatus(r.error?.code))]);
const overallStatus = (outcomes) => worst(outcomes.map(outcomeStatus));
/**
* Sentinel's contract: 1 is retried (later, up to 10 times), 2 is not. An unreachable target
* is worth retrying (the old master may come back); a cap refusal would refuse again.
*/
const HOOK_EXIT = {
	ok: EXIT.ok,
	unreachable: EXIT.hookRetry,
	refused: EXIT.hookFatal
};
/** sysexits-style codes for `reconfigure`, for failover tools other than Sentinel. */
const RECONFIGURE_EXIT = {
	ok: EXIT.ok,
	unreachable: EXIT.unavailable,
	refused: EXIT.tempFail
};
const runLine = (r) => r.error ? `policy ${r.trigger.name}: ${r.refused ? `refused, ${r.matched} matched (maxKills)` : r.error.message}` : `policy ${r.trigger.name}: ${r.dryRun ? `dry run, would kill ${r.matched}` : `killed ${r.killed}`}`;
/** One line per target for the terminal: what ran where and what it did. */
const outcomeLine = (o) => `${o.event} ${o.target}: ${o.error ? o.error.message : o.results.map(runLine).join("; ")}`;
// dist/hook/report.js
const STATUS_CODE = {
	unreachable: "UNREACHABLE",
	refused: "MAX_KILLS_EXCEEDED"
};
const STATUS_WORDS = {
	unreachable: "a target was not reached, or a kill run on it failed",
	refused: "a policy was refused by its maxKills, killing nothing"
};
/**
* Print one line per target, then fail with the command's exit code for the worst outcome.
* `what` names the command in the error message.
*/
const reportOutcomes = (outcomes, exits, what, print) => {
	for (const o of outcomes) print(redactSecrets(outcomeLine(o)));
	const status = overallStatus(outcomes);
	if (status === "ok") return;
	const where = outcomes.filter((o) => o.error || o.results.some((r) => r.error)).map((o) => o.target);
	throw new RunOutcomeError(STATUS_CODE[status], exits[status], `${what}: ${STATUS_WORDS[status]} (${[...new Set(where)].join(", ")})`);
};
// dist/hook/run-jobs.js
/**
* Run every job at once, each through the daemon's one-shot policy run (its own session and
* timeouts, one audit line per kill run). A one-shot run has no detection time, so
* onlyBeforeChange spares no one. With a deadline, a job still running when it passes counts
* as unreachable, so Sentinel retries rather than SIGKILLs us.
*/
const runJobs = async (jobs, cfg, log, deadlineMs) => {
	const run = (j) => runPoliciesOnce(cfg, j.addr, j.event, {
		kind: "hook",
		change: j.change
	}, log);
	if (deadlineMs === void 0) return Promise.all(jobs.map(run));
	let timer;
	const late = new Promise((resolve) => timer = setTimeout(resolve, deadlineMs));
	try {
		return await Promise.all(jobs.map((j) => {
			let done = false;
			return Promise.race([run(j).finally(() => done = true), late.then(() => {
				const target = redactUserinfo(j.addr);
				const message = `${target}: not finished within ${deadlineMs} ms`;
				if (!done) log.warn({
					component: "hook",
					target,
					event: j.event
				}, message);
				return {
					target,
					event: j.event,
					results: [],
					error: {
						code: "UNREACHABLE",
						message
					}
				};
			})]);
		}));
	} finally {
		clearTimeout(timer);
	}
};
export { eventJobs as a, HookConfigError as c, RECONFIGURE_EXIT as i, HookUsageError as l, reportOutcomes as n, hookJobs as o, HOOK_EXIT as r, hookSkipReason as s, runJobs as t };
