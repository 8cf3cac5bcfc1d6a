import { b as targetLabel, v as redisOptions, x as require_built, y as parseTarget } from "./bounds-QBJMsuNQ.js";
import { i as AGENT_CONNECTION_NAME, o as openSession, t as killSpec } from "./run-policies-BjXAewdU.js";
import { t as runKill } from "./kill-run-D2WTkXEz.js";
import { once } from "node:events";
// dist/daemon/errors.js
var DaemonError = class extends Error {};
/** ROLE answered something we do not watch (a Sentinel, or a reply we cannot read). */
var UnexpectedRoleError = class extends DaemonError {
	code = "UNEXPECTED_ROLE";
};
/** A target's state machine was asked for a move its transition table does not allow. */
var IllegalTransitionError = class extends DaemonError {
	code = "ILLEGAL_TRANSITION";
};
/** A step against one target took longer than watch.timeoutMs. */
var TimeoutError = class extends DaemonError {
	code = "TIMEOUT";
};
/** No configured Sentinel answered the discovery queries. */
var DiscoveryError = class extends DaemonError {
	code = "DISCOVERY_FAILED";
};
// dist/daemon/target/timeout.js
var import_built = require_built();
/**
* Two turns of the event loop: a reply that arrived while our own code held the loop is read in
* the poll phase, which runs before setImmediate callbacks.
*/
const afterPendingIo = (f) => void setImmediate(() => setImmediate(f));
/**
* `p`, or a TimeoutError after `ms`: one hung target must never hold up the loop that waits on it.
* Measured against the event loop: when the deadline timer fires, replies already waiting on
* the socket are read first, so a loop blocked by our own work (parsing a long CLIENT LIST) does
* not turn an answered command into a timeout.
*/
const withTimeout = (p, ms, what) => {
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => afterPendingIo(() => reject(new TimeoutError(`${what}: no answer within ${ms} ms`))), ms);
	});
	return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
};
/** Settles after `p` or after `ms`, whichever comes first; never rejects. For bounded drains. */
const settleWithin = async (p, ms) => withTimeout(p, ms, "drain").then(() => true, () => false);
// dist/daemon/target/role.js
/** `host:port` as the rest of the agent writes addresses (IPv6 in brackets). */
const addrOf = (host, port) => targetLabel({
	kind: "tcp",
	host,
	port: Number(port),
	tls: false
});
/**
* Read a RESP2 ROLE reply: `[master, offset, replicas]`, `[slave, host, port, state, offset]`
* (Valkey may say `replica`). Pure; throws UnexpectedRoleError for a Sentinel or garbage.
*/
const parseRoleReply = (reply) => {
	if (!Array.isArray(reply) || reply.length === 0) throw new UnexpectedRoleError(`ROLE reply is not an array: ${JSON.stringify(reply)}`);
	const role = String(reply[0]).toLowerCase();
	if (role === "master" || role === "primary") return { kind: "master" };
	if (role === "slave" || role === "replica") {
		const host = String(reply[1] ?? "");
		const port = Number(reply[2]);
		if (!host || !Number.isInteger(port) || port < 1) throw new UnexpectedRoleError(`ROLE reply names no master: ${JSON.stringify(reply)}`);
		return {
			kind: "replica",
			of: addrOf(host, port)
		};
	}
	throw new UnexpectedRoleError(`ROLE says '${role}': only masters and replicas can be watched (is a Sentinel listed under targets?)`);
};
/** `master` or `replica of host:port`, for logs, audit lines and status. */
const roleText = (r) => r.kind === "master" ? "master" : `replica of ${r.of}`;
const sameRole = (a, b) => a.kind === b.kind && (a.kind === "master" || a.of === b.of);
// dist/daemon/reaper-run.js
/**
* Run one reaper on every target whose current role it applies to, all targets at once so a
* hung one delays no other; on each target the run queues on its kill lane, behind the policy
* runs already there. Never throws.
*/
const runReaper = async (reaper, targets, cfg, log) => {
	const startedAt = Date.now();
	const unknown = targets.filter((t) => !t.role).map((t) => t.name);
	const applicable = targets.filter((t) => t.role && reaper.roles.includes(t.role.kind));
	const outcomes = await Promise.all(applicable.map(async (t) => ({
		t,
		out: await t.lane.run((s, signal) => runKill(s, killSpec(reaper, cfg), {
			kind: "reaper",
			name: reaper.name
		}, log, { signal }))
	})));
	const results = outcomes.flatMap(({ out }) => out.ok ? [out.value] : []);
	const lost = [...outcomes.filter(({ out }) => !out.ok).map(({ t }) => t.name), ...results.filter((r) => r.error?.code === "UNREACHABLE").map((r) => r.target)];
	return {
		reaper: reaper.name,
		startedAt,
		durationMs: Date.now() - startedAt,
		results,
		unreachable: [...unknown, ...lost],
		refused: results.some((r) => r.refused),
		failed: results.filter((r) => r.error && !r.refused && r.error.code !== "UNREACHABLE").map((r) => r.target)
	};
};
// dist/daemon/topology.js
const pairs = (flat) => {
	const m = /* @__PURE__ */ new Map();
	if (Array.isArray(flat)) for (let i = 0; i + 1 < flat.length; i += 2) m.set(String(flat[i]), String(flat[i + 1]));
	return m;
};
/** `SENTINEL GET-MASTER-ADDR-BY-NAME` reply (`[ip, port]` or nil) as host:port. Pure. */
const parseMasterAddr = (reply) => Array.isArray(reply) && reply.length === 2 && /^\d+$/.test(String(reply[1])) ? addrOf(String(reply[0]), String(reply[1])) : void 0;
/** `SENTINEL REPLICAS` reply (a list of flat key/value arrays) as host:port addresses. Pure. */
const parseReplicas = (reply) => (Array.isArray(reply) ? reply : []).flatMap((item) => {
	const kv = pairs(item);
	const ip = kv.get("ip");
	const port = kv.get("port");
	return ip && port && /^\d+$/.test(port) ? [addrOf(ip, port)] : [];
});
/**
* The target set: configured targets first (their names win), then every discovered address
* not already there. Discovered instances log in with `auth`, and use TLS when their Sentinel does.
*/
const mergeTargets = (configured, discovered, tls) => {
	const out = configured.map((t) => ({
		name: t.name,
		addr: targetLabel(t.target),
		target: t.target
	}));
	const known = new Set(out.map((t) => t.addr));
	for (const d of discovered) for (const addr of d.addrs) {
		if (known.has(addr)) continue;
		known.add(addr);
		const target = parseTarget(addr);
		out.push({
			name: addr,
			addr,
			target: target.kind === "tcp" ? {
				...target,
				tls
			} : target,
			master: d.master
		});
	}
	return out;
};
/** How long an instance no Sentinel reports any more stays watched: mid-failover answers can omit one for a moment. */
const forgetAfterMs = (discoveryIntervalMs) => Math.max(6e4, 6 * discoveryIntervalMs);
/**
* Fold one discovery into what is known. Pure. Instances reported now are (re)stamped; one not
* reported for `forgetMs` is dropped. A Sentinel mid-failover may report the promoted replica
* as master and leave the old master out of both lists: it must not stop being watched then.
*/
const foldDiscovery = (known, found, now, forgetMs) => {
	const next = new Map([...known].filter(([, k]) => now - k.lastSeen < forgetMs));
	for (const d of found) for (const addr of d.addrs) next.set(addr, {
		master: d.master,
		lastSeen: now
	});
	return next;
};
/** Known instances grouped back into Discovered lists, for mergeTargets. Pure. */
const knownAsDiscovered = (known) => {
	const groups = /* @__PURE__ */ new Map();
	for (const [addr, k] of known) groups.set(k.master, [...groups.get(k.master) ?? [], addr]);
	return [...groups].map(([master, addrs]) => ({
		master,
		addrs
	}));
};
// dist/daemon/sentinel/sentinel-pool.js
/**
* The order to ask Sentinels in after `answered` (an index) answered: it and those after it first,
* then those before it, as ioredis's SentinelIterator `reset(true)` does. Pure.
*/
const answeredFirst = (order, answered) => [...order.slice(answered), ...order.slice(0, answered)];
/**
* Command connections to the configured Sentinels, opened once and kept (reconnecting in the
* background when `reconnect`), asked in turn: the Sentinel that answered last is asked first
* next time, so a dead one costs nothing while another answers, and no query opens a connection.
* A Sentinel whose connection is down is skipped at once (no waiting out a connect timeout);
* only a first connect still under way is waited for, up to watch.timeoutMs.
*/
var SentinelPool = class {
	cfg;
	opts;
	order;
	conns = /* @__PURE__ */ new Map();
	closed = false;
	constructor(cfg, opts) {
		this.cfg = cfg;
		this.opts = opts;
		this.order = [...cfg.sentinels];
	}
	/** Ask `ask` of each Sentinel in turn until one answers; its answer, or every Sentinel's reason. */
	async query(ask) {
		const reasons = [];
		for (const [i, s] of this.order.entries()) try {
			const value = await ask(await this.ready(s), s);
			if (i > 0) this.order = answeredFirst(this.order, i);
			return { value };
		} catch (e) {
			reasons.push(`${s.name}: ${e.message}`);
		}
		return { reasons };
	}
	/** The Sentinels in the order the next query asks them. */
	names() {
		return this.order.map((s) => s.name);
	}
	/** Close every connection; a query still going (or a later one) gets no new connection. */
	close() {
		this.closed = true;
		for (const r of this.conns.values()) r.disconnect();
		this.conns.clear();
	}
	async ready(s) {
		if (this.closed) throw new Error("discovery stopped");
		let r = this.conns.get(s.name);
		if (!r) {
			r = new import_built.Redis(redisOptions(s.target, {
				timeoutMs: this.cfg.watch.timeoutMs,
				connectionName: AGENT_CONNECTION_NAME,
				tls: this.cfg.tls,
				reconnect: this.opts.reconnect
			}));
			r.on("error", () => void 0);
			this.conns.set(s.name, r);
			r.connect().catch(() => void 0);
		}
		if (r.status === "connecting" || r.status === "connect" || r.status === "wait") {
			const conn = r;
			await withTimeout(Promise.race([
				once(conn, "ready"),
				once(conn, "end"),
				once(conn, "close")
			]), this.cfg.watch.timeoutMs, `connect to Sentinel ${s.name}`);
		}
		if (r.status !== "ready") throw new Error(`not connected (${r.status})`);
		return r;
	}
};
// dist/daemon/sentinel/sentinel-discovery.js
/**
* Ask the pool's Sentinels, the last one that answered first, for the master and replicas of
* every followed master; the first Sentinel that answers for all of them wins. Sentinel
* credentials come from the Sentinel's own URL (or sentinelAuth), never from `auth`.
*/
const discover = async (pool, masters) => {
	const r = await pool.query(async (redis, s) => {
		const found = [];
		for (const master of masters) {
			const addr = parseMasterAddr(await redis.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", master));
			if (!addr) throw new DiscoveryError(`Sentinel ${s.name} does not monitor a master named '${master}' (check masters)`);
			found.push({
				master,
				addrs: [addr, ...parseReplicas(await redis.call("SENTINEL", "REPLICAS", master))]
			});
		}
		return found;
	});
	if ("value" in r) return r.value;
	throw new DiscoveryError(`no Sentinel answered: ${r.reasons.join("; ")}`);
};
/** Configured targets plus, when masters are followed, what the Sentinels report (nothing more if none answers). For one-shot callers. */
const currentTargets = async (cfg, log) => {
	let found = [];
	if (cfg.masters.length > 0 && cfg.sentinels.length > 0) {
		const pool = new SentinelPool(cfg, { reconnect: false });
		try {
			found = await discover(pool, cfg.masters);
		} catch (e) {
			log.warn({ err: e.message }, "sentinel discovery failed: using the configured targets only");
		} finally {
			pool.close();
		}
	}
	return mergeTargets(cfg.targets, found, sentinelTls(cfg));
};
/** Discovered instances use TLS when the (first) Sentinel does. */
const sentinelTls = (cfg) => {
	const t = cfg.sentinels[0]?.target;
	return t?.kind === "tcp" && t.tls;
};
// dist/daemon/target/target-connection.js
/** What a connection was opened with: when a reload changes it, the connection is opened again (between runs). */
const connectionSettings = (cfg, commandTimeout) => JSON.stringify([
	cfg.auth,
	cfg.tls,
	commandTimeout ? cfg.watch.timeoutMs : 0
]);
/**
* The daemon's connect: openSession, bounded as a whole by 4 x watch.timeoutMs (each command is
* bounded by timeoutMs), closing a connection that arrives late. `commandTimeoutMs: false` leaves
* every command to the caller's own deadline (the ROLE poll's, which is measured against the
* event loop); kill connections keep the per-command timeout.
*/
const openTargetSession = async (t, cfg, opts = {}) => {
	const opening = openSession(t.target, cfg, {
		label: t.name,
		...opts
	});
	try {
		return await withTimeout(opening, 4 * cfg.watch.timeoutMs, `connect to ${t.name}`);
	} catch (e) {
		opening.then((late) => late.close(), () => void 0);
		throw e;
	}
};
/** ROLE on an open connection, bounded by watch.timeoutMs (against the event loop). */
const askRole = async (s, cfg) => parseRoleReply(await withTimeout(s.redis.call("ROLE"), cfg.watch.timeoutMs, `ROLE on ${s.label}`));
/**
* Connect and learn the role once, as the daemon's poller does: for one-shot callers (`reap`).
* Never throws; a target that does not answer comes back with its error.
*/
const connectAndAskRole = async (t, cfg) => {
	let s;
	try {
		s = await openTargetSession(t, cfg, { commandTimeoutMs: false });
		return { role: await askRole(s, cfg) };
	} catch (e) {
		return { error: e.message ?? String(e) };
	} finally {
		s?.close();
	}
};
// dist/daemon/target/kill-lane.js
/**
* The one way the daemon's kill runs reach a target: a connection of their own, apart from the
* ROLE poll's (a poll timeout never closes it under a run), and one serial queue, so policy,
* sweep and reaper runs on one node never interleave. The connection is opened on first use,
* kept between runs, and opened again when it was lost or a reload changed its settings (only
* between runs: a reload never cuts a run).
*/
var KillLane = class {
	target;
	cfg;
	log;
	session;
	settings = "";
	tail = Promise.resolve();
	stopping = false;
	abort = new AbortController();
	constructor(target, cfg, log) {
		this.target = target;
		this.cfg = cfg;
		this.log = log;
	}
	/** Queue `job` behind every job queued before it. Never rejects. */
	run(job) {
		if (this.stopping) return Promise.resolve(stopped);
		const next = this.tail.then(() => this.runNow(job));
		this.tail = next;
		return next;
	}
	/** Resolves when no job is queued or running. */
	idle() {
		return this.tail.then(() => void 0);
	}
	/**
	* Stop taking jobs. `abortAfterMs` 0 aborts at once: the running job's batch pauses end, no new
	* batch starts, its audit line says how many died, and queued jobs do not start. Otherwise the
	* jobs already queued get that long to finish first. Then the connection closes, which ends a job
	* still going (it gets AUDIT_GRACE_MS more to write its audit line). Resolves true when the lane
	* drained within `boundMs` in all.
	*/
	async stop(abortAfterMs, boundMs) {
		this.stopping = true;
		const started = Date.now();
		if (abortAfterMs <= 0 || !await settleWithin(this.idle(), abortAfterMs)) this.abort.abort();
		const drained = await settleWithin(this.idle(), Math.max(0, boundMs - (Date.now() - started)));
		this.drop();
		if (!drained) await settleWithin(this.idle(), AUDIT_GRACE_MS);
		return drained;
	}
	/** Take no more jobs and close the connection; for one-shot callers whose jobs are done. */
	close() {
		this.stopping = true;
		this.drop();
	}
	async runNow(job) {
		if (this.stopping && this.abort.signal.aborted) return stopped;
		let s;
		try {
			s = await this.connection();
		} catch (e) {
			return {
				ok: false,
				reason: "unreachable",
				error: e.message ?? String(e)
			};
		}
		try {
			return {
				ok: true,
				value: await job(s, this.abort.signal)
			};
		} finally {
			if (s.redis.status !== "ready") this.drop();
		}
	}
	async connection() {
		const cfg = this.cfg();
		const settings = connectionSettings(cfg, true);
		if (this.session && (this.session.redis.status !== "ready" || settings !== this.settings)) this.drop();
		if (!this.session) {
			this.session = await openTargetSession(this.target, cfg);
			this.settings = settings;
			this.log.debug("kill connection open");
		}
		return this.session;
	}
	drop() {
		this.session?.close();
		this.session = void 0;
	}
};
/** How long a run cut off by the lane's close gets to write its audit line. */
const AUDIT_GRACE_MS = 1e3;
const stopped = {
	ok: false,
	reason: "stopped",
	error: "the daemon is stopping"
};
export { IllegalTransitionError as S, sameRole as _, openTargetSession as a, DaemonError as b, sentinelTls as c, forgetAfterMs as d, knownAsDiscovered as f, roleText as g, addrOf as h, connectionSettings as i, SentinelPool as l, runReaper as m, askRole as n, currentTargets as o, mergeTargets as p, connectAndAskRole as r, discover as s, KillLane as t, foldDiscovery as u, settleWithin as v, DiscoveryError as x, withTimeout as y };
