import { h as Command, v as Option } from "./redact-BW3B_R78.js";
import { n as runPlanAudited } from "./kill-run-D2WTkXEz.js";
import { t as checkCount } from "./bounds-QBJMsuNQ.js";
import { n as addConnectionFlags, r as flagNumber, t as openOneShot } from "./one-shot-DOQefk8Q.js";
import { t as onceOption } from "./once-option-DLKHNNHn.js";
import { n as clientTable, r as explainPlan, t as clientJson } from "./render-AymEubS-.js";
// dist/cli/commands/kill.js
const killCommand = (out) => addConnectionFlags(new Command("kill").description("close the client connections that match a CLIENT KILL filter").argument("<target>", "host:port, redis://..., rediss://... or a unix socket path").argument("[filter...]", "CLIENT KILL filter tokens, e.g. TYPE normal USER app IDLE 60").addOption(new Option("--dry-run", "kill nothing; show which clients would be killed")).addOption(new Option("--explain", "print the plan: native or emulated, and the exact commands")).addOption(new Option("--json", "machine-readable output")).addOption(new Option("--allow-replication", "let the filter reach replication links (TYPE master/replica)")).addOption(onceOption("--max-kills <n>", "refuse, killing nothing, when more than n clients match"))).action(async (targetArg, filterArgs, flags) => {
	if (filterArgs.length === 0) out.fail("kill needs a filter, e.g. `TYPE normal USER app`; see docs/filter-language.md");
	const maxKills = flags.maxKills === void 0 ? void 0 : flagNumber("--max-kills", checkCount(flags.maxKills));
	const s = await openOneShot(targetArg, filterArgs, flags, {
		allowReplication: flags.allowReplication ?? false,
		countFirst: maxKills !== void 0
	});
	try {
		if (flags.explain && !flags.json) {
			out.print(explainPlan(s.plan, s.probe, maxKills));
			if (flags.dryRun) out.print("dry run: only the CLIENT LIST step is sent; nothing is killed");
		}
		const spec = {
			dryRun: flags.dryRun ?? false,
			...maxKills !== void 0 && { maxKills }
		};
		const run = await runPlanAudited(s, s.plan, spec, {
			kind: "cli",
			name: "kill"
		}, out.logger);
		if (!run.execution) throw run.failure;
		const result = run.execution;
		const { trigger: _trigger, error: _error, refused: _refused, ...summary } = run.result;
		if (flags.json) out.print(JSON.stringify({
			...summary,
			commands: result.sent.map((c) => ["CLIENT", ...c].join(" ")),
			clients: result.matched?.map(clientJson)
		}));
		else if (flags.dryRun) {
			out.print(clientTable(result.matched ?? []));
			out.print(`dry run: ${summary.matched} client(s) would be killed on ${s.label}; nothing was killed`);
		} else out.print(`killed ${result.killed} client(s) on ${s.label}`);
	} finally {
		s.redis.disconnect();
	}
});
export { killCommand };
