import { h as Command, s as ConfigError, t as REDACTED } from "./redact-BW3B_R78.js";
import { i as watchProblems, l as require_dist, n as loadConfig, t as configPath } from "./load-U7pYn303.js";
import { b as targetLabel, s as printFilter } from "./bounds-QBJMsuNQ.js";
import { t as onceOption } from "./once-option-DLKHNNHn.js";
// dist/config/redact.js
var import_dist = require_dist();
/** A target as a URL with its password replaced: `redis://app:(redacted)@host:6379`. Pure. */
const redactedUrl = (t) => {
	const user = t.username ? encodeURIComponent(t.username) : "";
	const userinfo = t.password !== void 0 ? `${user}:${REDACTED}@` : user ? `${user}@` : "";
	if (t.kind === "unix") return userinfo ? `unix://${userinfo}${t.path}` : `unix:${t.path}`;
	return `${t.tls ? "rediss" : "redis"}://${userinfo}${targetLabel(t)}`;
};
/**
* The effective configuration (defaults filled in) as plain data for `check-config`, with every
* secret redacted: the password (only whether one is set shows) and passwords inside URLs.
* Filters are printed back in the filter language.
*/
const effectiveConfig = (cfg) => ({
	targets: cfg.targets.map((t) => ({
		name: t.name,
		url: redactedUrl(t.target)
	})),
	sentinels: cfg.sentinels.map((s) => ({
		name: s.name,
		url: redactedUrl(s.target)
	})),
	masters: cfg.masters,
	clusters: cfg.clusters.map((c) => ({
		...c,
		seeds: c.seeds.map(redactedUrl)
	})),
	auth: {
		...cfg.auth.username && { username: cfg.auth.username },
		...cfg.auth.passwordFile && { passwordFile: cfg.auth.passwordFile },
		password: cfg.auth.password !== void 0 ? REDACTED : "(none)"
	},
	tls: cfg.tls,
	watch: cfg.watch,
	policies: cfg.policies.map((p) => ({
		...p,
		filter: printFilter(p.filter)
	})),
	reapers: cfg.reapers.map((r) => ({
		...r,
		filter: printFilter(r.filter)
	})),
	dryRun: cfg.dryRun,
	allowReplication: cfg.allowReplication,
	admin: cfg.admin,
	log: cfg.log
});
// dist/cli/commands/check-config.js
/** `-c, --config <file>`: the config file option every daemon-side command takes. */
const configOption = () => onceOption("-c, --config <file>", "config file (else $RECONF_AGENT_CONFIG, else /etc/reconf-agent/config.yaml)");
/** For `run`: the config must also name something to watch; throws ConfigError (exit 78). */
const requireWatchable = (cfg) => {
	const problems = watchProblems(cfg);
	if (problems.length > 0) throw new ConfigError(problems);
	return cfg;
};
/** The config file named by the flag (or the environment), validated; throws ConfigError (exit 78). */
const loadConfigFlag = (flag) => {
	const path = configPath(flag, process.env);
	return {
		path,
		cfg: loadConfig(path, process.env)
	};
};
const checkConfigCommand = (out) => new Command("check-config").description("validate the config file and print the effective config, secrets redacted").addOption(configOption()).action((flags) => {
	const { path, cfg } = loadConfigFlag(flags.config);
	const forRun = watchProblems(cfg).map((p) => `\n# note: \`run\` would refuse it: ${p} (fine for hook, reconfigure)`).join("");
	out.print(`# ${path}: valid.${forRun}\n# Effective config (defaults filled in, secrets redacted):\n${(0, import_dist.stringify)(effectiveConfig(cfg)).trimEnd()}`);
});
export { requireWatchable as i, configOption as n, loadConfigFlag as r, checkConfigCommand as t };
