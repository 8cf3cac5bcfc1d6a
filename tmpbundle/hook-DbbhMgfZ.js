import { h as Command, m as UsageError, n as quoteInput, s as ConfigError } from "./redact-BW3B_R78.js";
import { c as HookConfigError, l as HookUsageError, n as reportOutcomes, o as hookJobs, r as HOOK_EXIT, s as hookSkipReason, t as runJobs } from "./run-jobs-BW0zm8Lw.js";
import { y as parseTarget } from "./bounds-QBJMsuNQ.js";
import { r as loadConfigFlag } from "./check-config-CJBHQq88.js";
import { parseArgs } from "node:util";
// dist/hook/hook-args.js
/** Sentinel's client-reconfig-script arguments, in order. */
const HOOK_POSITIONALS = [
	"master-name",
	"role",
	"state",
	"from-ip",
	"from-port",
	"to-ip",
	"to-port"
];
const HOOK_USAGE = `${HOOK_POSITIONALS.map((p) => `<${p}>`).join(" ")} [-c FILE] [--leader-only]`;
const SENTINEL_ROLES = ["leader", "observer"];
const bad = (what) => {
	throw new HookUsageError(`hook: ${what}; usage: reconf-agent hook ${HOOK_USAGE}`);
};
/** `ip` and `port` as a `host:port` target address, checked the way every target is. */
const address = (ipName, ip, portName, port) => {
	const n = Number(port);
	if (!/^\d+$/.test(port) || n < 1 || n > 65535) bad(`<${portName}> '${port}' is not a port (1-65535)`);
	const addr = ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
	try {
		if (parseTarget(addr).kind === "tcp") return addr;
	} catch (e) {
		if (!(e instanceof UsageError)) throw e;
	}
	return bad(`<${ipName}> ${quoteInput(ip)} is not an IP address or host name`);
};
/** Split argv into positionals and the two flags (util.parseArgs, strict); anything else is an error naming what is accepted. */
const splitFlags = (argv) => {
	let parsed;
	try {
		parsed = parseArgs({
			args: [...argv],
			strict: true,
			allowPositionals: true,
			options: {
				config: {
					type: "string",
					short: "c"
				},
				"leader-only": { type: "boolean" }
			}
		});
	} catch (e) {
		const code = e.code;
		const message = e instanceof Error ? e.message : "";
		if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return bad(`unknown option '${/'([^']*)'/.exec(message)?.[1] ?? "?"}'; accepted: -c/--config FILE, --leader-only`);
		if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && /config/.test(message)) return bad("-c/--config needs a file");
		return bad(`bad options; accepted: -c/--config FILE, --leader-only`);
	}
	const { config, "leader-only": leaderOnly = false } = parsed.values;
	if (config === "") bad("--config needs a file");
	return {
		positionals: parsed.positionals,
		leaderOnly,
		...config !== void 0 && { configFlag: config }
	};
};
/**
* Parse the hook's argv (everything after `hook`). Pure; throws HookUsageError (exit 2, which
* Sentinel does not retry) naming the bad argument.
*/
const parseHookArgs = (argv) => {
	const { positionals, configFlag, leaderOnly } = splitFlags(argv);
	if (positionals.length !== HOOK_POSITIONALS.length) bad(`expected ${HOOK_POSITIONALS.length} arguments, got ${positionals.length}`);
	const [masterName, role, state, fromIp, fromPort, toIp, toPort] = positionals;
	if (masterName.trim() === "") bad("<master-name> is empty");
	if (!SENTINEL_ROLES.includes(role)) bad(`<role> '${role}' is not one of ${SENTINEL_ROLES.join(", ")}`);
	if (state !== "start") bad(`<state> '${state}' is not 'start' (the only state Sentinel passes)`);
	return {
		masterName,
		role,
		from: address("from-ip", fromIp, "from-port", fromPort),
		to: address("to-ip", toIp, "to-port", toPort),
		leaderOnly,
		...configFlag !== void 0 && { configFlag }
	};
};
// dist/cli/commands/hook.js
/** Sentinel SIGKILLs a script after 60 s; finish (and ask for a retry) well before that. */
const HOOK_DEADLINE_MS = 45e3;
const loadHookConfig = (flag) => {
	try {
		return loadConfigFlag(flag).cfg;
	} catch (e) {
		throw e instanceof ConfigError ? new HookConfigError(e.problems) : e;
	}
};
/**
* `hook`: Sentinel's client-reconfig-script. Its arguments are parsed by hand, not by
* commander, so every bad argument exits 2 (not retried by Sentinel) rather than 64.
*/
const hookCommand = (out) => new Command("hook").description("Sentinel's client-reconfig-script: run the config's demoted policies on the old master and its promoted policies on the new one").usage(HOOK_USAGE).argument("[args...]", "the arguments Sentinel passes").allowUnknownOption().addHelpText("after", [
	"",
	"Hook flags (read by the hook itself):",
	"  -c, --config <file>  config file (default: $RECONF_AGENT_CONFIG, else /etc/reconf-agent/config.yaml)",
	"  --leader-only        observers exit 0 doing nothing; only the failover leader runs the policies",
	"",
	"Exit: 0 done; 1 a target not reached (Sentinel retries); 2 bad arguments, bad config or a maxKills refusal (not retried)."
].join("\n")).action(async (args) => {
	const req = parseHookArgs(args);
	if (req.leaderOnly && req.role === "observer") {
		out.print(`hook: observer for '${req.masterName}' with --leader-only: nothing to do`);
		return;
	}
	const cfg = loadHookConfig(req.configFlag);
	const skip = hookSkipReason(req, cfg);
	if (skip) {
		out.print(`hook: ${skip}`);
		return;
	}
	const outcomes = await runJobs(hookJobs(req, cfg), cfg, out.loggerAt(cfg.log.level), HOOK_DEADLINE_MS);
	reportOutcomes(outcomes, HOOK_EXIT, "hook", out.print);
});
export { hookCommand };
