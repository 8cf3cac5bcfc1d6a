import { c as EXIT, d as ReconfError, h as Command } from "./redact-BW3B_R78.js";
import { r as validateConfig } from "./load-U7pYn303.js";
import { s as printFilter, x as require_built } from "./bounds-QBJMsuNQ.js";
import { t as startDaemon } from "./daemon-PJLcxB5C.js";
import { r as createLogger } from "./version-BwJEGVTD.js";
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import { setTimeout as setTimeout$1 } from "node:timers/promises";
import { createServer } from "node:net";
// dist/demo/narrator.js
const createNarrator = (write, now = Date.now) => {
	const t0 = now();
	let n = 0;
	const stamp = () => `[${((now() - t0) / 1e3).toFixed(1).padStart(5)}s]`;
	return {
		step: (text) => write(`\n${stamp()} ${++n}. ${text}\n`),
		say: (text) => write(`${stamp()}    ${text}\n`)
	};
};
const SOURCE = {
	sentinel: "a Sentinel event",
	poll: "the ROLE poll",
	cluster: "the cluster's topology"
};
/** A role change; `again` when the same change was already reported (by another Sentinel, or the poll). */
const roleChangeLine = (e, again) => again ? `the same change on ${e.target} reported again, through ${SOURCE[e.source]}: handled already, no policy runs twice` : `role change on ${e.target}: ${e.from} -> ${e.to} (${e.event}, seen through ${SOURCE[e.source]})`;
/** An app client's reconnection, and whether it found the new master. */
const reconnectLine = (c, addr, newMaster) => `${c.name} (user ${c.user}, ${c.kind}) reconnected to ${addr}: ` + (addr === newMaster ? "the new master" : "still the old master (the Sentinel it asked had not heard of the switch yet)");
const outcome = (r) => r.error ? r.refused ? `refused: ${r.matched} matched, over maxKills` : `failed: ${r.error.message}` : `killed ${r.killed} client(s)`;
const sweep = (r) => r.trigger.change?.endsWith("(sweep)") ? " [sweep: another Sentinel announced the switch; catches clients that reconnected to the old master]" : "";
const killRunLine = (r) => `${r.trigger.kind} ${r.trigger.name} on ${r.target} (${r.filter}): ${outcome(r)}${sweep(r)}`;
const reaperLine = (r) => {
	const killed = r.results.reduce((n, x) => n + x.killed, 0);
	return `reaper ${r.reaper}: killed ${killed} client(s) on ${r.results.length} node(s)${r.unreachable.length ? `; not reached: ${r.unreachable.join(", ")}` : ""}`;
};
/** `shop-1, shop-2 on 127.0.0.1:7001; reporting-1 reconnecting`: where the app clients are now. */
const placementLine = (clients) => {
	const by = /* @__PURE__ */ new Map();
	for (const c of clients) {
		const where = c.addr() ?? "reconnecting";
		by.set(where, [...by.get(where) ?? [], c.name]);
	}
	return [...by].map(([where, names]) => `${names.join(", ")} ${where === "reconnecting" ? where : `on ${where}`}`).join("; ");
};
// dist/demo/agent-user.js
/**
* The rights the agent's ACL user needs on data nodes (the daemon: ROLE polls, INFO,
* capability probes, CLIENT LIST/KILL). docs/install.md gives the same line; a test checks.
* `resetchannels`: no pub/sub channels, also on Redis 6.2 where `reset` grants them all.
*/
const AGENT_ACL_RULES = [
	"+ping",
	"+info",
	"+role",
	"+client|id",
	"+client|setname",
	"+client|list",
	"+client|kill",
	"+command|docs",
	"resetchannels"
];
const AGENT_USER = "reconf-agent";
/** `ACL SETUSER` arguments creating (or resetting) the agent's user with `password`. */
const agentAclSetuser = (password, extra = []) => [
	"SETUSER",
	AGENT_USER,
	"reset",
	"on",
	`>${password}`,
	...AGENT_ACL_RULES,
	...extra
];
/** On cluster nodes the agent also reads the topology: CLUSTER SHARDS, and CLUSTER NODES where there is no SHARDS. */
const CLUSTER_ACL_RULES = ["+cluster|shards", "+cluster|nodes"];
// dist/demo/errors.js
const INSTALL_REDIS_HINT = "install it with `sudo apt-get install -y redis-server` (Debian/Ubuntu) or `brew install redis` (macOS), or set REDIS_SERVER_BIN=/path/to/redis-server (or valkey-server)";
/** The demo needs a redis-server binary on this machine and found none (exit 69). */
var ServerBinaryMissingError = class extends ReconfError {
	code = "UNREACHABLE";
	exitCode = EXIT.unavailable;
};
// dist/demo/wait.js
var import_built = require_built();
/** Poll until `check` is true; throws naming what was awaited after `timeoutMs`. */
const waitUntil = async (check, timeoutMs, what) => {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check().catch(() => false)) return;
		await setTimeout$1(100);
	}
	throw new Error(`demo: timed out after ${timeoutMs} ms waiting for ${what}`);
};
// dist/demo/processes.js
/** A short-lived admin connection to a node, as the default user. */
const admin = async (node, fn) => {
	const r = new import_built.Redis({
		host: "127.0.0.1",
		port: node.port,
		lazyConnect: true,
		retryStrategy: () => null,
		maxRetriesPerRequest: 0
	});
	r.on("error", () => void 0);
	try {
		await r.connect();
		return await fn(r);
	} finally {
		r.disconnect();
	}
};
const freePort = () => new Promise((resolve, reject) => {
	const srv = createServer();
	srv.once("error", reject);
	srv.listen(0, "127.0.0.1", () => {
		const { port } = srv.address();
		srv.close(() => resolve(port));
	});
});
const startProcessGroup = (bin) => {
	const dir = mkdtempSync(join(tmpdir(), "reconf-demo-"));
	const nodes = [];
	const stop = () => {
		for (const n of nodes) if (n.process.exitCode === null) n.process.kill("SIGKILL");
		rmSync(dir, {
			recursive: true,
			force: true
		});
	};
	process.once("exit", stop);
	return {
		dir,
		stop,
		serverArgs: (port, ...extra) => [
			"--port",
			String(port),
			"--bind",
			"127.0.0.1",
			"--save",
			"",
			"--appendonly",
			"no",
			"--dir",
			dir,
			...extra
		],
		launch: async (role, args) => {
			const port = await freePort();
			const child = spawn(bin, args(port), {
				cwd: dir,
				stdio: "ignore"
			});
			const node = {
				role,
				port,
				addr: `127.0.0.1:${port}`,
				process: child
			};
			nodes.push(node);
			await waitUntil(async () => await admin(node, (r) => r.ping()) === "PONG", 1e4, `${role} on ${node.addr} to answer PING`);
			return node;
		}
	};
};
// dist/demo/topology.js
const MASTER_NAME = "demo";
/** REDIS_SERVER_BIN, else redis-server on PATH; the error says how to install one. */
const findRedisServer = (env) => {
	if (env.REDIS_SERVER_BIN) {
		if (existsSync(env.REDIS_SERVER_BIN)) return env.REDIS_SERVER_BIN;
		throw new ServerBinaryMissingError(`demo: REDIS_SERVER_BIN=${env.REDIS_SERVER_BIN} does not exist; ${INSTALL_REDIS_HINT}`);
	}
	const r = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
	if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
	throw new ServerBinaryMissingError(`demo: needs redis-server and found none on PATH; ${INSTALL_REDIS_HINT}`);
};
/**
* A primary, its replica and three Sentinels (quorum 2) from this machine's redis-server, on
* free loopback ports, all files in one temp dir. Every process is killed on `stop` and on exit.
*/
const startTopology = async (bin) => {
	const { dir, launch, serverArgs, stop } = startProcessGroup(bin);
	try {
		const primary = await launch("primary", (port) => serverArgs(port, "--repl-diskless-sync-delay", "0"));
		const replica = await launch("replica", (port) => serverArgs(port, "--replicaof", "127.0.0.1", String(primary.port)));
		await waitUntil(async () => /master_link_status:up/.test(await admin(replica, (r) => r.info("replication"))), 1e4, "the replica to sync");
		const sentinels = [];
		for (let i = 0; i < 3; i++) sentinels.push(await launch("sentinel", (port) => {
			const conf = join(dir, `sentinel-${port}.conf`);
			const lines = [
				`port ${port}`,
				"bind 127.0.0.1",
				`dir ${dir}`,
				`sentinel monitor ${MASTER_NAME} 127.0.0.1 ${primary.port} 2`
			];
			writeFileSync(conf, [
				...lines,
				`sentinel down-after-milliseconds ${MASTER_NAME} 2000`,
				`sentinel failover-timeout ${MASTER_NAME} 10000`,
				""
			].join("\n"));
			return [conf, "--sentinel"];
		}));
		return {
			dir,
			primary,
			replica,
			sentinels,
			admin,
			stop
		};
	} catch (e) {
		stop();
		throw e;
	}
};
// dist/demo/agent-config.js
const REAPER_NAME = "idle-reporting";
const CLUSTER_NAME = "demo";
/** The agent's password in a file in the demo dir, as an operator would keep it. */
const writePasswordFile = (dir, password) => {
	const file = join(dir, "agent-password");
	writeFileSync(file, `${password}\n`, { mode: 384 });
	return file;
};
/**
* The config the demo's agent runs with, built the way an operator would write it: follow the
* master through the three Sentinels, close the shop's writers and subscribers on a demoted
* master, and reap idle reporting connections. The password sits in a file in the demo dir.
*/
const demoConfig = (topo, password) => validateConfig({
	sentinels: topo.sentinels.map((s) => ({ url: `redis://${s.addr}` })),
	masters: [MASTER_NAME],
	auth: {
		username: AGENT_USER,
		passwordFile: writePasswordFile(topo.dir, password)
	},
	watch: {
		pollIntervalMs: 500,
		discoveryIntervalMs: 1e3
	},
	policies: [{
		name: "shop-writers-off-old-master",
		on: "demoted",
		filter: "TYPE normal USER shop"
	}, {
		name: "shop-subscribers-off-old-master",
		on: "demoted",
		filter: "TYPE pubsub USER shop"
	}],
	reapers: [{
		name: REAPER_NAME,
		schedule: "0 3 * * *",
		roles: ["master", "replica"],
		filter: `TYPE normal USER reporting IDLE 2`
	}],
	admin: { listen: "" },
	log: { level: "error" }
}, {});
/**
* The cluster demo's config: discover the cluster from one seed, close the shop's connections on a
* demoted primary (they came through a load balancer that does not follow the cluster), and reap
* idle reporting connections on replicas only.
*/
const clusterDemoConfig = (topo, password) => validateConfig({
	clusters: [{
		name: CLUSTER_NAME,
		seeds: [`redis://${topo.nodes[0].addr}`],
		refreshIntervalMs: 2e3
	}],
	auth: {
		username: AGENT_USER,
		passwordFile: writePasswordFile(topo.dir, password)
	},
	watch: { pollIntervalMs: 500 },
	policies: [{
		name: "shop-writers-off-old-primary",
		on: "demoted",
		filter: "TYPE normal USER shop"
	}, {
		name: "shop-subscribers-off-old-primary",
		on: "demoted",
		filter: "TYPE pubsub USER shop"
	}],
	reapers: [{
		name: REAPER_NAME,
		schedule: "0 3 * * *",
		roles: ["replica"],
		filter: `TYPE normal USER reporting IDLE 2`
	}],
	admin: { listen: "" },
	log: { level: "error" }
}, {});
// dist/demo/cluster-apps.js
/**
* One client that is not cluster-aware: it talks to whichever node `where()` names, as a client
* behind a TCP load balancer does, and when its connection is closed it connects again to what
* `where()` names then. `onReady` hears each (re)connection.
*/
const pinned = (name, spec, where, onReady) => {
	let addr;
	let connections = 0;
	let current;
	let closed = false;
	const client = {
		name,
		user: spec.user,
		kind: spec.subscribe ? "pubsub" : "normal",
		addr: () => addr,
		connections: () => connections
	};
	const connect = async () => {
		while (!closed) {
			const node = await where().catch(() => void 0);
			if (node) {
				const r = new import_built.Redis({
					host: "127.0.0.1",
					port: node.port,
					username: spec.user,
					password: `${spec.user}-pw`,
					connectionName: name,
					protocol: 2,
					lazyConnect: true,
					retryStrategy: () => null
				});
				r.on("error", () => void 0);
				try {
					await r.connect();
					if (spec.subscribe) await r.subscribe(spec.subscribe);
					current = r;
					addr = node.addr;
					connections++;
					r.once("end", () => {
						addr = void 0;
						connect();
					});
					onReady(client, node.addr);
					return;
				} catch {
					r.disconnect();
				}
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	};
	connect();
	return {
		client,
		close: () => (closed = true, current?.disconnect())
	};
};
/**
* The cluster demo's applications: `writers` reach the primary of `shard` through a load
* balancer that follows the primary (whichever node of the shard says master), `readers` sit on
* each replica, as reporting jobs reading from replicas do. Resolves once all are connected.
*/
const connectClusterApps = async (topo, shard, writers, readers, onReady) => {
	const all = [];
	for (const spec of writers) for (let i = 1; i <= spec.count; i++) all.push(pinned(`${spec.user}${spec.subscribe ? "-sub" : ""}-${i}`, spec, () => topo.primaryOf(shard), onReady));
	topo.shards.forEach((s, n) => {
		for (let i = 1; i <= readers.count; i++) all.push(pinned(`${readers.user}-${n + 1}.${i}`, readers, async () => s.replica, onReady));
	});
	await waitUntil(async () => all.every((p) => p.client.connections() > 0), 15e3, "the app clients to connect");
	return {
		clients: all.map((p) => p.client),
		close: () => all.forEach((p) => p.close())
	};
};
// dist/demo/cluster-topology.js
const SLOTS = 16384;
/** Low, so a failover is quick; the demo's failover is a manual one anyway. */
const NODE_TIMEOUT_MS = 1e3;
const isMaster = async (node) => (await admin(node, (r) => r.call("ROLE")))[0] === "master";
/** Slots [from, to] to `node`: CLUSTER ADDSLOTSRANGE where the server has it (Redis 7.0+, Valkey), else ADDSLOTS. */
const addSlots = (node, from, to) => admin(node, async (r) => {
	try {
		return await r.call("CLUSTER", "ADDSLOTSRANGE", String(from), String(to));
	} catch (e) {
		if (!/unknown subcommand/i.test(e.message)) throw e;
		return r.call("CLUSTER", "ADDSLOTS", ...Array.from({ length: to - from + 1 }, (_, i) => String(from + i)));
	}
});
/**
* A three-shard cluster, one replica per primary, from this machine's server binary on free
* loopback ports: joined with CLUSTER MEET, slots split evenly, replicas set with CLUSTER
* REPLICATE, the way `redis-cli --cluster create` does it, so the demo needs no cli.
*/
const startClusterTopology = async (bin) => {
	const { dir, launch, serverArgs, stop } = startProcessGroup(bin);
	try {
		const node = (role) => launch(role, (port) => serverArgs(port, "--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`, "--cluster-node-timeout", String(NODE_TIMEOUT_MS), "--repl-diskless-sync-delay", "0"));
		const primaries = await Promise.all([
			0,
			1,
			2
		].map(() => node("primary")));
		const replicas = await Promise.all([
			0,
			1,
			2
		].map(() => node("replica")));
		const nodes = [...primaries, ...replicas];
		for (const n of nodes.slice(1)) await admin(n, (r) => r.call("CLUSTER", "MEET", "127.0.0.1", String(nodes[0].port)));
		const per = Math.ceil(SLOTS / primaries.length);
		await Promise.all(primaries.map((p, i) => addSlots(p, i * per, Math.min(SLOTS, (i + 1) * per) - 1)));
		const knowsAll = async (n) => String(await admin(n, (r) => r.call("CLUSTER", "NODES"))).trim().split("\n").length === nodes.length;
		await waitUntil(async () => (await Promise.all(nodes.map(knowsAll))).every(Boolean), 15e3, "every cluster node to know the others");
		const shards = await Promise.all(primaries.map(async (primary, i) => {
			const id = String(await admin(primary, (r) => r.call("CLUSTER", "MYID")));
			await admin(replicas[i], (r) => r.call("CLUSTER", "REPLICATE", id));
			return {
				primary,
				replica: replicas[i]
			};
		}));
		const ok = async (n) => /cluster_state:ok/.test(String(await admin(n, (r) => r.call("CLUSTER", "INFO"))));
		const linked = async (n) => /master_link_status:up/.test(await admin(n, (r) => r.info("replication")));
		await waitUntil(async () => (await Promise.all([...nodes.map(ok), ...replicas.map(linked)])).every(Boolean), 3e4, "the cluster to be ok with every replica linked");
		const primaryOf = async (s) => {
			for (const n of [s.primary, s.replica]) if (await isMaster(n).catch(() => false)) return n;
		};
		return {
			dir,
			shards,
			nodes,
			admin,
			primaryOf,
			stop
		};
	} catch (e) {
		stop();
		throw e;
	}
};
// dist/demo/app-clients.js
/** Every app user may do anything, as application users usually can; the agent's own user is narrower. */
const appUserAcl = (user) => [
	"SETUSER",
	user,
	"on",
	`>${user}-pw`,
	"~*",
	"&*",
	"+@all"
];
/**
* Application clients that find the master through the Sentinels, as ioredis apps do, and
* reconnect (asking the Sentinels again) when their connection is closed. `onReady` hears each
* (re)connection with the node it reached.
*/
const connectApps = async (topo, specs, onReady) => {
	const redises = [];
	const clients = specs.flatMap((spec) => Array.from({ length: spec.count }, (_, i) => {
		const name = `${spec.user}${spec.subscribe ? "-sub" : ""}-${i + 1}`;
		const redis = new import_built.Redis({
			sentinels: topo.sentinels.map((s) => ({
				host: "127.0.0.1",
				port: s.port
			})),
			name: MASTER_NAME,
			role: "master",
			username: spec.user,
			password: `${spec.user}-pw`,
			connectionName: name,
			protocol: 2,
			lazyConnect: true,
			retryStrategy: () => 100
		});
		redises.push(redis);
		redis.on("error", () => void 0);
		let addr;
		let connections = 0;
		const client = {
			name,
			user: spec.user,
			kind: spec.subscribe ? "pubsub" : "normal",
			addr: () => addr,
			connections: () => connections
		};
		redis.on("close", () => addr = void 0);
		redis.on("ready", () => {
			addr = `127.0.0.1:${redis.stream.remotePort}`;
			connections++;
			onReady(client, addr);
		});
		return {
			redis,
			spec,
			client
		};
	}));
	await Promise.all(clients.map(async ({ redis, spec }) => {
		await redis.connect();
		if (spec.subscribe) await redis.subscribe(spec.subscribe);
	}));
	return {
		clients: clients.map((c) => c.client),
		close: () => redises.forEach((r) => r.disconnect())
	};
};
// dist/demo/narrated-agent.js
/** Create the agent's ACL user (with `extra` rights) and the apps' users on a node, and say so once. */
const setUpUsers = async (admin, password, appUsers, extra = []) => {
	await admin(async (r) => {
		await r.call("ACL", ...agentAclSetuser(password, extra));
		for (const user of new Set(appUsers)) await r.call("ACL", ...appUserAcl(user));
	});
};
const usersLine = (extra = []) => `ACL users: ${AGENT_USER} (${[...AGENT_ACL_RULES, ...extra].join(" ")}); shop and reporting for the applications`;
/**
* Start the agent in this process, as `reconf-agent run` would, and narrate its policies, each role
* change (a repeat of the same change is said to be handled already) and each policy run.
*/
const startNarratedAgent = async (cfg, n) => {
	for (const p of cfg.policies) n.say(`policy ${p.name}: when a node is ${p.on}, close ${printFilter(p.filter)}`);
	const daemon = await startDaemon(cfg, { logger: createLogger(cfg.log.level, 2) });
	let policyKills = 0;
	const seen = /* @__PURE__ */ new Set();
	daemon.events.on("role-change", (e) => {
		const key = `${e.target} ${e.event} ${e.to}`;
		n.say(roleChangeLine(e, seen.has(key)));
		seen.add(key);
	});
	daemon.events.on("kill-run", (r) => {
		if (r.trigger.kind !== "policy") return;
		policyKills += r.killed;
		n.say(killRunLine(r));
	});
	await daemon.ready;
	return {
		daemon,
		policyKills: () => policyKills
	};
};
// dist/demo/demo-run.js
/** A demo, step by step; `stop` tears down what it started and may be called at any time (Ctrl-C). */
var DemoRun = class {
	bin;
	n;
	topo;
	apps;
	daemon;
	constructor(bin, n) {
		this.bin = bin;
		this.n = n;
	}
	async stop() {
		this.apps?.close();
		this.apps = void 0;
		const daemon = this.daemon;
		this.daemon = void 0;
		await daemon?.stop();
		this.topo?.stop();
	}
};
// dist/demo/run-cluster-demo.js
const WRITERS = [{
	user: "shop",
	count: 3
}, {
	user: "shop",
	count: 1,
	subscribe: "orders"
}];
const READERS = {
	user: "reporting",
	count: 2
};
/** `demo --cluster`: a cluster failover, narrated; `stop` tears everything down at any time. */
var ClusterDemo = class extends DemoRun {
	async run() {
		const { n } = this;
		n.step(`Starting a three-shard cluster, one replica per primary (${this.bin})`);
		const topo = this.topo = await startClusterTopology(this.bin);
		topo.shards.forEach((s, i) => n.say(`shard ${i + 1}: primary ${s.primary.addr}, replica ${s.replica.addr}`));
		n.say(`files in ${topo.dir}`);
		const password = randomBytes(12).toString("hex");
		for (const node of topo.nodes) await setUpUsers((fn) => topo.admin(node, fn), password, [WRITERS[0].user, READERS.user], CLUSTER_ACL_RULES);
		n.say(usersLine(CLUSTER_ACL_RULES));
		const shard = topo.shards[0];
		n.step(`Connecting the applications: shop through a load balancer to shard 1's primary, reporting on every replica`);
		let failingOver = false;
		const apps = this.apps = await connectClusterApps(topo, shard, WRITERS, READERS, (c, addr) => {
			if (failingOver) n.say(`${c.name} (user ${c.user}, ${c.kind}) reconnected to ${addr}${addr === shard.replica.addr ? ": the new primary" : ""}`);
		});
		n.say(placementLine(apps.clients));
		n.step("Starting the agent (in this process, as `reconf-agent run` would), given one seed of the cluster");
		const cfg = clusterDemoConfig(topo, password);
		const agent = await startNarratedAgent(cfg, n);
		const daemon = this.daemon = agent.daemon;
		await waitUntil(async () => daemon.status().targets.length === topo.nodes.length, 15e3, "the agent to discover the cluster's nodes");
		n.say(`discovered ${topo.nodes.length} nodes from ${topo.nodes[0].addr}: watching them as ${CLUSTER_NAME}/<host:port>`);
		n.step(`CLUSTER FAILOVER on ${shard.replica.addr}: shard 1's replica becomes its primary`);
		failingOver = true;
		await topo.admin(shard.replica, (r) => r.call("CLUSTER", "FAILOVER"));
		const shop = apps.clients.filter((c) => c.user === WRITERS[0].user);
		await waitUntil(async () => shop.every((c) => c.addr() === shard.replica.addr), 3e4, "every shop client to reach the new primary");
		n.say(`now: ${placementLine(shop)}`);
		n.say("(the load balancer sent them to the new primary only because the agent closed them: nothing else would have)");
		n.step(`One run of the reaper ${REAPER_NAME} on every replica of the cluster (normally on its schedule, '${cfg.reapers[0].schedule}')`);
		n.say(`letting the reporting clients sit idle for 3 s first; shard 1's are on a primary now, and spared`);
		await setTimeout$1(3e3);
		const reaped = await daemon.runReaper(REAPER_NAME);
		if (reaped) n.say(reaperLine(reaped));
		n.step("Stopping everything");
		await this.stop();
		n.say(`stopped the agent, the applications and ${topo.nodes.length} servers; removed ${topo.dir}`);
		return {
			policyKills: agent.policyKills(),
			reaperKills: reaped?.results.reduce((k, r) => k + r.killed, 0) ?? 0
		};
	}
};
// dist/demo/run-demo.js
const APPS = [
	{
		user: "shop",
		count: 3
	},
	{
		user: "shop",
		count: 2,
		subscribe: "orders"
	},
	{
		user: "reporting",
		count: 2
	}
];
/** The demo, step by step; `stop` tears everything down and may be called at any time (Ctrl-C). */
var Demo = class extends DemoRun {
	async run() {
		const { n } = this;
		n.step(`Starting a primary, a replica and three Sentinels (${this.bin})`);
		const topo = this.topo = await startTopology(this.bin);
		n.say(`primary ${topo.primary.addr}, replica ${topo.replica.addr}, sentinels ${topo.sentinels.map((s) => s.addr).join(" ")}`);
		n.say(`files in ${topo.dir}`);
		const password = randomBytes(12).toString("hex");
		for (const node of [topo.primary, topo.replica]) await setUpUsers((fn) => topo.admin(node, fn), password, APPS.map((a) => a.user));
		n.say(usersLine());
		n.step("Connecting the applications; they find the master through the Sentinels");
		let failingOver = false;
		const apps = this.apps = await connectApps(topo, APPS, (c, addr) => {
			if (failingOver) n.say(reconnectLine(c, addr, topo.replica.addr));
		});
		n.say(placementLine(apps.clients));
		n.step("Starting the agent (in this process, as `reconf-agent run` would)");
		const cfg = demoConfig(topo, password);
		const agent = await startNarratedAgent(cfg, n);
		const daemon = this.daemon = agent.daemon;
		await waitUntil(async () => daemon.status().targets.length === 2, 15e3, "the agent to find the replica through the Sentinels");
		n.say(`watching ${daemon.status().targets.map((t) => t.name).join(" and ")}, following '${MASTER_NAME}' through 3 Sentinels`);
		n.step(`SENTINEL FAILOVER ${MASTER_NAME}: the replica ${topo.replica.addr} becomes the master`);
		failingOver = true;
		await waitUntil(async () => await topo.admin(topo.sentinels[0], (r) => r.call("SENTINEL", "FAILOVER", MASTER_NAME)) === "OK", 15e3, "Sentinel to accept the failover");
		const onNewMaster = async () => apps.clients.every((c) => c.addr() === topo.replica.addr);
		await waitUntil(onNewMaster, 3e4, "every app client to reach the new master");
		n.say(`now: ${placementLine(apps.clients)}`);
		n.say("(reporting is in no policy: the agent left its clients alone; Sentinel closed them when it converted the old master)");
		n.step(`One run of the reaper ${REAPER_NAME} (normally on its schedule, '${cfg.reapers[0].schedule}')`);
		n.say(`letting the reporting clients sit idle for 3 s first`);
		await setTimeout$1(3e3);
		const reporting = apps.clients.filter((c) => c.user === "reporting");
		const before = reporting.map((c) => c.connections());
		const reaped = await daemon.runReaper(REAPER_NAME);
		if (reaped) n.say(reaperLine(reaped));
		await waitUntil(async () => reporting.every((c, i) => c.connections() > before[i]) && await onNewMaster(), 1e4, "the reaped clients to reconnect");
		n.say(`now: ${placementLine(apps.clients)}`);
		n.step("Stopping everything");
		await this.stop();
		n.say(`stopped the agent, the applications and 5 servers; removed ${topo.dir}`);
		return {
			policyKills: agent.policyKills(),
			reaperKills: reaped?.results.reduce((k, r) => k + r.killed, 0) ?? 0
		};
	}
};
// dist/cli/commands/demo.js
/** `demo`: a live failover on this machine, narrated; everything it starts is gone when it ends. */
const demoCommand = () => new Command("demo").description("a live failover on this machine: a primary, a replica, 3 Sentinels, app clients and the agent, narrated (needs redis-server; ends in under a minute)").option("--cluster", "a Redis Cluster failover instead: six cluster nodes, CLUSTER FAILOVER, and a reaper on every replica").addHelpText("after", "\nExit: 0 done; 69 no redis-server on this machine (it says how to install one); 130 interrupted (everything is still cleaned up).").action(async (opts) => {
	const bin = findRedisServer(process.env);
	const narrator = createNarrator((text) => process.stdout.write(text));
	const demo = opts.cluster ? new ClusterDemo(bin, narrator) : new Demo(bin, narrator);
	const interrupted = (signal) => {
		narrator.say(`${signal}: stopping everything and removing the temp dir`);
		demo.stop().finally(() => process.exit(130));
	};
	process.once("SIGINT", interrupted);
	process.once("SIGTERM", interrupted);
	try {
		const r = await demo.run();
		narrator.say(`done: the agent's policies closed ${r.policyKills} stale connection(s) on the old ${opts.cluster ? "primary" : "master"}, the reaper ${r.reaperKills} idle one(s)`);
	} finally {
		await demo.stop();
	}
	process.exit(0);
});
export { demoCommand };
