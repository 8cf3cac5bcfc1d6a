import { c as EXIT, h as Command, m as UsageError, v as Option } from "./redact-BW3B_R78.js";
import { m as runReaper, o as currentTargets, r as connectAndAskRole, t as KillLane } from "./kill-lane-DCuO7J-t.js";
import { i as table } from "./render-AymEubS-.js";
import { n as configOption, r as loadConfigFlag } from "./check-config-CJBHQq88.js";
// dist/cli/commands/reap.js
/** Learn one target's role as the daemon's poller does, and give it a kill lane as the daemon does; no role if it does not answer. */
const probeTarget = async (t, cfg, log) => {
	const lane = new KillLane(t, () => cfg, log);
	const r = await connectAndAskRole(t, cfg);
	if ("role" in r) return {
		name: t.name,
		role: r.role,
		lane
	};
	log.warn({
		target: t.name,
		err: r.error
	}, "target unreachable");
	return {
		name: t.name,
		lane
	};
};
const reapCommand = (out) => new Command("reap").description("run one configured reaper now on every target it applies to, and exit (0 ok, 69 a target unreachable or a kill run failed, 75 maxKills refused)").argument("<name>", "the reaper name from the config").addOption(new Option("--once", "run once now (required: the daemon runs reapers on their schedules)")).addOption(configOption()).action(async (name, flags) => {
	const { cfg } = loadConfigFlag(flags.config);
	const reaper = cfg.reapers.find((r) => r.name === name);
	if (!reaper) throw new UsageError(`no reaper named '${name}' in the config; configured: ${cfg.reapers.map((r) => r.name).join(", ") || "(none)"}`);
	if (!flags.once) throw new UsageError("reap runs a reaper once, now: pass --once (the daemon runs reapers on their schedules)");
	const log = out.loggerAt(cfg.log.level).child({
		component: "reap",
		reaper: name
	});
	const targets = await Promise.all((await currentTargets(cfg, log)).map((t) => probeTarget(t, cfg, log)));
	try {
		const r = await runReaper(reaper, targets, cfg, log);
		const rows = targets.map((t) => {
			const k = r.results.find((x) => x.target === t.name);
			const what = !t.role ? "UNREACHABLE" : !k ? `skipped (${t.role.kind}, reaper is for ${reaper.roles.join("/")})` : k.refused ? `REFUSED: ${k.matched} match, maxKills ${reaper.maxKills}` : k.error ? `${k.error.code}: ${k.error.message}` : k.dryRun ? `dry run: would kill ${k.matched}` : `killed ${k.killed}`;
			return [
				t.name,
				t.role?.kind ?? "-",
				what
			];
		});
		out.print(table([
			"TARGET",
			"ROLE",
			"RESULT"
		], rows));
		process.exitCode = r.unreachable.length > 0 || r.failed.length > 0 ? EXIT.unavailable : r.refused ? EXIT.tempFail : EXIT.ok;
	} finally {
		for (const t of targets) t.lane.close();
	}
});
export { reapCommand };
