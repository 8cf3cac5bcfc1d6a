import { a as AbortedError, u as MaxKillsExceededError } from "./redact-BW3B_R78.js";
import { a as killByIdCommands, c as capabilitiesFromDocs, d as readClientList, h as classifyError, l as capabilitiesFromVersion, o as planMatches, p as clientType, u as parseInfoServer, x as require_built } from "./bounds-QBJMsuNQ.js";
import { setTimeout as setTimeout$1 } from "node:timers/promises";
// dist/kill/execute/probe.js
/**
* Our connection's exact id. CLIENT ID's integer reply arrives as a JavaScript number, exact up
* to 2^53; above that CLIENT INFO's text (6.2+) gives the exact digits.
*/
const ownClientId = async (redis) => {
	const id = Number(await redis.call("CLIENT", "ID"));
	if (Number.isSafeInteger(id)) return String(id);
	const m = /(?:^|\s)id=(\d+)/.exec(String(await redis.call("CLIENT", "INFO")));
	if (!m) throw new Error("CLIENT INFO did not name our id");
	return m[1];
};
/**
* Learn what the server is and what its CLIENT KILL accepts: COMMAND DOCS where it
* answers, else INFO server against the version table.
*/
const probeServer = async (redis) => {
	const info = parseInfoServer(String(await redis.info("server")));
	const selfId = await ownClientId(redis);
	let docs;
	try {
		docs = await redis.call("COMMAND", "DOCS", "client|kill");
	} catch {
		docs = void 0;
	}
	return {
		info,
		caps: capabilitiesFromDocs(docs, info) ?? capabilitiesFromVersion(info),
		selfId
	};
};
/** The most ids in one chunk (and in one multi-id command). */
const MAX_CHUNK_IDS = 1e3;
/**
* The next chunk's size after `ids` ids took `ms`: what fits in TARGET_CHUNK_MS at the measured
* cost per id, at least 1, growing at most twofold per chunk (one quick chunk is weak evidence),
* shrinking at once (a slow one is strong evidence).
*/
const nextChunkSize = (ids, ms) => {
	const cap = Math.min(Math.max(1, ids) * 2, MAX_CHUNK_IDS);
	if (!(ms > 0)) return cap;
	return Math.max(1, Math.min(cap, Math.floor(ids * 10 / ms)));
};
// dist/kill/execute/send-chunk.js
var import_built = require_built();
/** Longest setTimeout Node takes; the commands' own ioredis timer is pushed out of the way. */
const NEVER_MS = 2147483647;
/** The server has sent nothing for `idleMs` while commands were outstanding. */
var NoReplyError = class extends Error {
	constructor(idleMs) {
		super(`Command timed out: no reply for ${idleMs} ms`);
	}
};
/**
* Send `CLIENT <args>` commands as one burst and wait for their replies. The deadline is on
* progress, not on the whole burst: the chunk fails only when `idleMs` passes with commands
* outstanding and no reply at all, so a slow server that keeps answering never fails it. The
* check runs after pending I/O is read (setImmediate), so time our own event loop spent blocked
* is not taken for server silence. Never rejects.
*/
const sendChunk = (redis, cmds, idleMs) => {
	const started = performance.now();
	if (cmds.length === 0) return Promise.resolve({
		replies: [],
		ms: 0
	});
	return new Promise((resolve) => {
		const commands = cmds.map((c) => {
			const cmd = new import_built.Command("client", [...c], { replyEncoding: "utf8" });
			cmd.setTimeout(NEVER_MS);
			return cmd;
		});
		const outcomes = commands.map(() => void 0);
		let lastProgress = performance.now();
		let open = commands.length;
		let timer;
		const finish = () => {
			if (timer) clearTimeout(timer);
			const replies = outcomes.flatMap((o) => o?.ok ? [o.value] : []);
			const failed = outcomes.find((o) => o && !o.ok);
			resolve({
				replies,
				ms: performance.now() - started,
				...failed && !failed.ok && { error: failed.error }
			});
		};
		const check = () => {
			if (open === 0) return;
			const quiet = performance.now() - lastProgress;
			if (quiet < idleMs) {
				timer = setTimeout(() => setImmediate(check), idleMs - quiet);
				return;
			}
			const error = new NoReplyError(idleMs);
			for (const cmd of commands) if (!cmd.isSettled) cmd.reject(error);
		};
		commands.forEach((cmd, i) => {
			cmd.promise.then((value) => outcomes[i] = {
				ok: true,
				value
			}, (error) => outcomes[i] = {
				ok: false,
				error
			}).finally(() => {
				lastProgress = performance.now();
				if (--open === 0) finish();
			});
			redis.sendCommand(cmd);
		});
		timer = setTimeout(() => setImmediate(check), idleMs);
	});
};
// dist/kill/execute/execute.js
const newProgress = () => ({
	killed: 0,
	ambiguous: 0,
	listMs: 0,
	killMs: 0
});
/** The idle deadline of kill chunks: the connection's command timeout. */
const idleDeadline = (redis) => redis.options.commandTimeout ?? 2e3;
/** Run CLIENT LIST calls and return the matching clients, each once. */
const listMatches = async (redis, plan, selfId, label, progress) => {
	const seen = /* @__PURE__ */ new Set();
	const out = [];
	for (const args of plan.lists) {
		const started = performance.now();
		const reply = await redis.callBuffer("CLIENT", ...args).catch((e) => Promise.reject(classifyError(e, label)));
		if (progress) progress.listMs += performance.now() - started;
		const list = readClientList(reply);
		if (progress) progress.ambiguous += list.ambiguous;
		for (const r of list.clients) if (!seen.has(r.id) && planMatches(plan, r, selfId)) {
			seen.add(r.id);
			out.push(r);
		}
	}
	return out;
};
const sum = (replies) => replies.reduce((n, v) => n + (typeof v === "number" ? v : v === "OK" ? 1 : 0), 0);
const abortReason = (signal) => {
	const r = signal.reason;
	return typeof r === "string" ? r : r instanceof Error ? r.message : "aborted";
};
const throwIfAborted = (signal) => {
	if (signal?.aborted) throw new AbortedError(abortReason(signal));
};
/** Wait between batches; an abort ends the wait at once. */
const pause = async (ms, signal) => {
	try {
		await setTimeout$1(ms, void 0, signal && { signal });
	} catch {
		throwIfAborted(signal);
	}
};
/** Send commands as one chunk, count what they killed, and fail on the chunk's first error. */
const killChunk = async (redis, cmds, label, progress) => {
	const r = await sendChunk(redis, cmds, idleDeadline(redis));
	progress.killed += sum(r.replies);
	progress.killMs += r.ms;
	if (r.error !== void 0) throw classifyError(r.error, label);
	return r.ms;
};
/**
* Execute a plan. Native plans without a cap send their CLIENT KILL commands as compiled;
* otherwise the candidates are listed, matched locally, checked against the cap, and
* killed by id (ids are never reused while a server runs, so no newer client is hit), in
* chunks sized to the server's measured cost (see pacing.ts), each waiting on its own replies.
* `o.progress` holds what was done when this throws.
*/
const executePlan = async (redis, plan, selfId, o) => {
	const progress = o.progress ?? newProgress();
	const done = (matched, sent) => ({
		matched,
		killed: progress.killed,
		ambiguous: progress.ambiguous,
		sent,
		listMs: progress.listMs,
		killMs: progress.killMs
	});
	throwIfAborted(o.signal);
	if (!(plan.mode === "emulated" || plan.countFirst || o.maxKills !== void 0 || o.dryRun || o.batch !== void 0)) {
		await killChunk(redis, plan.kills, o.label, progress);
		return done(void 0, plan.kills);
	}
	const matched = await listMatches(redis, plan, selfId, o.label, progress);
	progress.matched = matched.length;
	if (o.maxKills !== void 0 && matched.length > o.maxKills) throw new MaxKillsExceededError(matched.length, o.maxKills);
	if (o.dryRun) return done(matched, plan.lists);
	const order = [...matched.filter((r) => r.id !== selfId), ...matched.filter((r) => r.id === selfId)];
	const batchSize = o.batch?.size ?? Math.max(order.length, 1);
	const sent = [...plan.lists];
	let chunk = 16;
	for (let b = 0; b < order.length; b += batchSize) {
		throwIfAborted(o.signal);
		if (b > 0 && o.batch) await pause(o.batch.pauseMs, o.signal);
		const batch = order.slice(b, b + batchSize);
		for (let i = 0; i < batch.length;) {
			throwIfAborted(o.signal);
			const part = batch.slice(i, i + chunk);
			const kills = killCommandsByType(plan, part, selfId);
			sent.push(...kills);
			chunk = nextChunkSize(part.length, await killChunk(redis, kills, o.label, progress));
			i += part.length;
		}
	}
	return done(matched, sent);
};
/**
* Kill-by-id commands for some matched clients, grouped by the type each had when listed. The
* group holding our own id (last in `clients`) goes last, so our id is in the last command.
*/
const killCommandsByType = (plan, clients, selfId) => {
	const byType = /* @__PURE__ */ new Map();
	for (const c of clients) {
		const ids = byType.get(clientType(c)) ?? [];
		ids.push(c.id);
		byType.set(clientType(c), ids);
	}
	const groups = [...byType];
	const hasSelf = ([, ids]) => ids.includes(selfId);
	return [...groups.filter((g) => !hasSelf(g)), ...groups.filter(hasSelf)].flatMap(([type, ids]) => killByIdCommands(plan, ids, MAX_CHUNK_IDS, type));
};
export { probeServer as a, ownClientId as i, listMatches as n, newProgress as r, executePlan as t };
