import { i as compile, s as printFilter } from "./bounds-QBJMsuNQ.js";
import { a as AbortedError, d as ReconfError, u as MaxKillsExceededError } from "./redact-BW3B_R78.js";
import { r as newProgress, t as executePlan } from "./execute-BOiP53Yc.js";
// dist/kill/kill-run.js
const ms = (x) => Math.round(x * 10) / 10;
/**
* Run a compiled plan on one connected server and leave exactly one audit line, whether it
* killed, was refused by its cap, failed or was aborted; a failed run's line still says what
* was killed before it stopped. Never throws: the failure comes back in `failure`.
*/
const runPlanAudited = async (s, plan, spec, trigger, log, opts = {}) => {
	const now = opts.now ?? Date.now;
	const started = now();
	const base = {
		target: s.label,
		trigger,
		filter: printFilter(plan.filter),
		plan: plan.mode,
		dryRun: spec.dryRun
	};
	const progress = newProgress();
	try {
		const r = await executePlan(s.redis, plan, s.probe.selfId, {
			label: s.label,
			dryRun: spec.dryRun,
			progress,
			...spec.maxKills !== void 0 && { maxKills: spec.maxKills },
			...spec.batch && { batch: spec.batch },
			...opts.signal && { signal: opts.signal }
		});
		const wouldDie = spec.dryRun && r.matched ? { wouldKill: r.matched.map((c) => ({
			id: c.id,
			addr: c.addr,
			user: c.user,
			name: c.name,
			age: c.age,
			idle: c.idle
		})) } : {};
		const result = {
			...base,
			matched: r.matched?.length ?? r.killed,
			killed: r.killed,
			...r.ambiguous > 0 && { ambiguous: r.ambiguous },
			durationMs: now() - started,
			listMs: ms(r.listMs),
			killMs: ms(r.killMs),
			refused: false
		};
		log.info({
			audit: true,
			...result,
			...wouldDie
		}, spec.dryRun ? "kill run (dry run: nothing killed)" : "kill run");
		return {
			result,
			execution: r
		};
	} catch (e) {
		return {
			result: failedRun({
				...base,
				matched: progress.matched ?? progress.killed,
				killed: progress.killed,
				...progress.ambiguous > 0 && { ambiguous: progress.ambiguous },
				listMs: ms(progress.listMs),
				killMs: ms(progress.killMs)
			}, e, now() - started, log),
			failure: e
		};
	}
};
const failedRun = (done, e, durationMs, log) => {
	const error = e instanceof ReconfError ? {
		code: e.code,
		message: e.message
	} : {
		code: "INTERNAL",
		message: String(e.message ?? e)
	};
	const refused = e instanceof MaxKillsExceededError;
	const result = {
		...done,
		durationMs,
		refused,
		error
	};
	const what = refused ? "kill run refused by maxKills" : e instanceof AbortedError ? "kill run aborted" : "kill run failed";
	log.warn({
		audit: true,
		...result
	}, what);
	return result;
};
/**
* Compile and run one filter on one connected server, and leave exactly one audit line.
* Never throws: failures are in the result's `error`, a cap refusal in `refused`.
*/
const runKill = async (s, spec, trigger, log, opts = {}) => {
	let plan;
	try {
		plan = compile(spec.filter, s.probe.caps, {
			allowReplication: spec.allowReplication,
			countFirst: spec.maxKills !== void 0,
			...spec.beforeId !== void 0 && { beforeId: spec.beforeId }
		});
	} catch (e) {
		const none = {
			target: s.label,
			trigger,
			filter: printFilter(spec.filter),
			plan: "none",
			dryRun: spec.dryRun,
			matched: 0,
			killed: 0,
			listMs: 0,
			killMs: 0
		};
		return failedRun(none, e, 0, log);
	}
	return (await runPlanAudited(s, plan, spec, trigger, log, opts)).result;
};
export { runPlanAudited as n, runKill as t };
