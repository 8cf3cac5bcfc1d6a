import { t as runKill } from "./kill-run-D2WTkXEz.js";
import { b as targetLabel, g as connect, h as classifyError, y as parseTarget } from "./bounds-QBJMsuNQ.js";
import { d as ReconfError, i as redactUserinfo } from "./redact-BW3B_R78.js";
import { a as probeServer } from "./execute-BOiP53Yc.js";
// dist/runner/session.js
/** The name the agent's own connections carry in CLIENT LIST. */
const AGENT_CONNECTION_NAME = "reconf-agent";
/**
* Connect to a target as the agent: the config's auth, TLS and timeout, our connection name.
* Credentials in the target's own URL win over `auth`, as they do for Sentinels.
*/
const connectAgent = (target, cfg, opts = {}) => {
	const auth = target.username !== void 0 || target.password !== void 0 ? {} : cfg.auth;
	return connect(target, {
		timeoutMs: cfg.watch.timeoutMs,
		connectionName: AGENT_CONNECTION_NAME,
		tls: cfg.tls,
		reconnect: opts.reconnect ?? false,
		...opts.commandTimeoutMs !== void 0 && { commandTimeoutMs: opts.commandTimeoutMs },
		...auth.username && { username: auth.username },
		...auth.password !== void 0 && { password: auth.password }
	});
};
/** Connect to a target (see connectAgent) and learn its capabilities. */
const openSession = async (target, cfg, opts = {}) => {
	const redis = await connectAgent(target, cfg, {
		reconnect: opts.reconnect ?? false,
		...opts.commandTimeoutMs === false && { commandTimeoutMs: false }
	});
	const label = opts.label ?? targetLabel(target);
	try {
		return {
			label,
			redis,
			probe: await probeServer(redis),
			close: () => redis.disconnect()
		};
	} catch (e) {
		redis.disconnect();
		throw e instanceof ReconfError ? e : classifyError(e, label);
	}
};
// dist/runner/run-policies.js
/** A policy or reaper as a KillSpec, with the config's dryRun and allowReplication. */
const killSpec = (item, cfg, beforeId) => ({
	filter: item.filter,
	allowReplication: cfg.allowReplication,
	dryRun: cfg.dryRun,
	...item.maxKills !== void 0 && { maxKills: item.maxKills },
	...item.batch && { batch: item.batch },
	...beforeId !== void 0 && { beforeId }
});
/** Run, in config order, every policy configured for `ctx.event` on one connected target. Never throws. */
const runPolicies = async (s, cfg, ctx, log, opts = {}) => {
	const results = [];
	for (const p of cfg.policies.filter((x) => x.on === ctx.event)) {
		const trigger = {
			kind: ctx.kind ?? "policy",
			name: p.name,
			event: ctx.event,
			...ctx.change && { change: ctx.change }
		};
		results.push(await runKill(s, killSpec(p, cfg, p.onlyBeforeChange ? ctx.beforeId : void 0), trigger, log, opts));
	}
	return results;
};
/** The configured target at this address (with its name and URL credentials), else the address itself. */
const resolveTarget = (cfg, addr) => {
	const target = parseTarget(addr);
	const label = targetLabel(target);
	return cfg.targets.find((t) => targetLabel(t.target) === label) ?? {
		name: label,
		target
	};
};
/**
* Connect to one target, run the policies configured for `event` there, disconnect. For the
* failover hook and other one-shot callers; the daemon uses runPolicies on its own connection.
* Never throws: a target that cannot be reached (or a bad address) comes back in `error`.
*/
const runPoliciesOnce = async (cfg, targetAddr, event, trigger, logger) => {
	const base = {
		target: redactUserinfo(targetAddr),
		event
	};
	if (!cfg.policies.some((p) => p.on === event)) return {
		...base,
		results: []
	};
	let session;
	try {
		const { name, target } = resolveTarget(cfg, targetAddr);
		session = await openSession(target, cfg, { label: name });
		return {
			...base,
			target: name,
			results: await runPolicies(session, cfg, {
				...trigger,
				event
			}, logger.child({ component: "policy" }))
		};
	} catch (e) {
		const error = e instanceof ReconfError ? {
			code: e.code,
			message: e.message
		} : {
			code: "INTERNAL",
			message: String(e.message ?? e)
		};
		logger.warn({
			component: "policies",
			target: base.target,
			event,
			error
		}, "policies not run: target not reachable");
		return {
			...base,
			results: [],
			error
		};
	} finally {
		session?.close();
	}
};
export { connectAgent as a, AGENT_CONNECTION_NAME as i, runPolicies as n, openSession as o, runPoliciesOnce as r, killSpec as t };
