import { _ as readPasswordFile, b as targetLabel, g as connect, i as compile, m as parseFilter, n as checkDuration, r as allowedTypes, y as parseTarget } from "./bounds-QBJMsuNQ.js";
import { a as probeServer } from "./execute-BOiP53Yc.js";
import { m as UsageError, v as Option } from "./redact-BW3B_R78.js";
import { t as onceOption } from "./once-option-DLKHNNHn.js";
// dist/cli/connection-options.js
/** The connection flags shared by every command that talks to one server. No password flag: passwords sit in files, URLs or the environment. */
const addConnectionFlags = (cmd) => cmd.addOption(onceOption("--user <name>", "ACL user to log in as")).addOption(onceOption("--password-file <file>", "file holding the password (else the URL, else $REDISCLI_AUTH)")).addOption(onceOption("--tls-ca <file>", "CA bundle for rediss:// targets")).addOption(new Option("--timeout <ms>", "connect and command timeout in milliseconds").default("5000"));
/** A flag's number checked against its bounds (input/bounds.ts); else UsageError (exit 64) naming the flag. */
const flagNumber = (name, c) => {
	if (c.problem !== void 0) throw new UsageError(`${name} ${c.problem}`);
	return c.value;
};
/**
* Turn parsed flags and the environment into connection options. The password comes from
* --password-file, else the target URL, else $REDISCLI_AUTH: pass the target so a password in
* its URL is not overridden by the environment.
*/
const connectionOptions = (flags, env, target) => {
	const fromEnv = target?.password === void 0 ? env.REDISCLI_AUTH || void 0 : void 0;
	const password = flags.passwordFile ? readPasswordFile(flags.passwordFile) : fromEnv;
	return {
		timeoutMs: flagNumber("--timeout", checkDuration(flags.timeout)),
		connectionName: "reconf-agent-cli",
		...flags.user && { username: flags.user },
		...password !== void 0 && { password },
		...flags.tlsCa && { tls: { ca: flags.tlsCa } }
	};
};
// dist/cli/one-shot.js
/**
* Everything a one-shot command needs, in the order that keeps user mistakes harmless:
* target, filter and flags are checked before anything is sent to the server.
*/
const openOneShot = async (targetArg, filterArgs, flags, opts) => {
	const target = parseTarget(targetArg);
	const filter = filterArgs.length > 0 ? parseFilter(filterArgs) : parseFilter(opts.defaultFilter ?? "TYPE normal");
	allowedTypes(filter, opts.allowReplication);
	const conn = connectionOptions(flags, process.env, target);
	const redis = await connect(target, conn);
	try {
		const probe = await probeServer(redis);
		const plan = compile(filter, probe.caps, opts);
		return {
			target,
			label: targetLabel(target),
			redis,
			probe,
			plan
		};
	} catch (e) {
		redis.disconnect();
		throw e;
	}
};
export { addConnectionFlags as n, flagNumber as r, openOneShot as t };
