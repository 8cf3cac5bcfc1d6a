#!/usr/bin/env node
import { c as EXIT, d as ReconfError, g as CommanderError, h as Command, m as UsageError, r as redactSecrets, v as Option } from "./redact-BW3B_R78.js";
import { n as LOG_FORMATS, r as createLogger, t as VERSION } from "./version-BwJEGVTD.js";
// dist/cli/commands/index.js
/**
* Every subcommand of the CLI, in the order `--help` lists them, each loaded only when asked for:
* `kill` and `hook` (run by Sentinel once per failover) then never load the daemon, metrics,
* cron, the demo or each other.
*/
const COMMANDS = {
	kill: async (out) => (await import("./kill-BaA1CdVT.js")).killCommand(out),
	list: async (out) => (await import("./list-DHZeGTic.js")).listCommand(out),
	hook: async (out) => (await import("./hook-DbbhMgfZ.js")).hookCommand(out),
	reconfigure: async (out) => (await import("./reconfigure-CanhrzWD.js")).reconfigureCommand(out),
	run: async () => (await import("./run-BIYxVAqq.js")).runCommand(),
	"check-config": async (out) => (await import("./check-config-DKGtqxT9.js")).checkConfigCommand(out),
	reap: async (out) => (await import("./reap-BlLy4K7_.js")).reapCommand(out),
	status: async (out) => (await import("./status-l5ohGmU8.js")).statusCommand(out),
	demo: async () => (await import("./demo-DW0_L3cZ.js")).demoCommand()
};
/**
* The commands to load for these arguments (after `node main.js`): none for --version, the one
* named first after the global options, or all of them (for --help, `help`, no command, or a name
* that is not a command, so commander can list them or suggest one).
*/
const commandsFor = (out, args) => {
	let i = 0;
	while (i < args.length && args[i].startsWith("-")) i += args[i] === "--log-format" ? 2 : 1;
	const globals = args.slice(0, i);
	const help = globals.includes("-h") || globals.includes("--help");
	if (!help && (globals.includes("-V") || globals.includes("--version"))) return Promise.resolve([]);
	const name = args[i];
	const names = !help && name !== void 0 && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
	return Promise.all(names.map((n) => COMMANDS[n](out)));
};
// dist/cli/output.js
/**
* The CLI's output. `format` is asked when a logger is first needed (after the flags are
* parsed): `--log-format`, else text when stderr is a terminal, else JSON.
*/
const consoleOutput = (format) => {
	const chosen = () => format() ?? (process.stderr.isTTY ? "text" : "json");
	let logger;
	return {
		print: (text) => process.stdout.write(`${text}\n`),
		get logger() {
			return logger ??= createLogger("info", 2, chosen());
		},
		loggerAt: (level) => createLogger(level, 2, chosen()),
		fail: (message) => {
			throw new UsageError(message);
		}
	};
};
// dist/cli/main.js
const program = new Command("reconf-agent").description("closes client connections stuck on the wrong Redis/Valkey node after a role change").version(VERSION).addOption(new Option("--log-format <format>", "audit and log lines as JSON, or as one short readable line (default: text on a terminal, else json; run: json)").choices(LOG_FORMATS)).exitOverride().configureOutput({ outputError: () => void 0 });
const out = consoleOutput(() => program.opts().logFormat);
for (const cmd of await commandsFor(out, process.argv.slice(2))) program.addCommand(cmd.exitOverride().configureOutput({ outputError: () => void 0 }));
const fail = (message, code) => {
	process.stderr.write(`reconf-agent: ${redactSecrets(message)}\n`);
	process.exit(code);
};
try {
	await program.parseAsync(process.argv);
} catch (e) {
	if (e instanceof CommanderError) {
		if (e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version") process.exit(0);
		fail(`${e.message.replace(/^error: /, "")} (see --help)`, EXIT.usage);
	}
	if (e instanceof ReconfError) fail(e.message, e.exitCode);
	if (process.env.RECONF_AGENT_DEBUG) process.stderr.write(`${redactSecrets(String(e.stack))}\n`);
	fail(`internal error: ${e.message ?? String(e)}`, EXIT.software);
}
export {};
