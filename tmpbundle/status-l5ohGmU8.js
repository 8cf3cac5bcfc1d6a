import { h as Command, p as UnreachableError, s as ConfigError, v as Option } from "./redact-BW3B_R78.js";
import { a as listenText, o as parseListen } from "./load-U7pYn303.js";
import { i as table } from "./render-AymEubS-.js";
import { n as configOption, r as loadConfigFlag } from "./check-config-CJBHQq88.js";
import { request } from "node:http";
// dist/admin/client.js
/** GET one admin endpoint and parse its JSON; UnreachableError when no daemon answers there. */
const fetchAdminJson = (addr, path, timeoutMs) => new Promise((resolve, reject) => {
	const where = addr.kind === "unix" ? { socketPath: addr.path } : {
		host: addr.host,
		port: addr.port
	};
	const fail = (why) => reject(new UnreachableError(`admin server at ${listenText(addr)}: ${why} (is \`reconf-agent run\` running with this config?)`));
	const req = request({
		...where,
		path,
		method: "GET",
		timeout: timeoutMs
	}, (res) => {
		let body = "";
		res.setEncoding("utf8");
		res.on("data", (d) => body += d);
		res.on("end", () => {
			if (res.statusCode !== 200) return fail(`GET ${path} answered ${res.statusCode}`);
			try {
				resolve(JSON.parse(body));
			} catch {
				fail(`GET ${path} did not answer JSON`);
			}
		});
	});
	req.on("timeout", () => req.destroy(/* @__PURE__ */ new Error(`no answer within ${timeoutMs} ms`)));
	req.on("error", (e) => fail(e.code ?? e.message));
	req.end();
});
// dist/cli/commands/status.js
const ago = (iso, now) => {
	if (!iso) return "-";
	const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1e3));
	return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
};
/** The /status document as tables: targets, reapers, Sentinel links, clusters. Pure (time comes in). */
const renderStatus = (s, now) => {
	const out = [
		`reconf-agent ${s.version} (pid ${s.pid}) since ${s.startedAt}: ${s.ready ? "ready" : "NOT READY"}${s.dryRun ? ", DRY RUN" : ""}`,
		"",
		table([
			"TARGET",
			"ADDR",
			"ROLE",
			"UP",
			"HELD",
			"LAST CHANGE",
			"LAST RUN"
		], s.targets.map((t) => {
			const c = t.lastChange;
			const r = t.lastRuns[0];
			return [
				t.name,
				t.addr,
				t.role,
				t.up ? "yes" : "no",
				t.held ? "HELD" : "-",
				c ? `${c.event} (${c.from} -> ${c.to}) via ${c.source}, ${c.handled} ${ago(c.at, now)}` : "-",
				r ? `${r.trigger}: ${r.error ?? (r.dryRun ? `would kill ${r.matched}` : `killed ${r.killed}/${r.matched}`)}` : "-"
			];
		}))
	];
	if (s.reapers.length > 0) {
		const rows = s.reapers.map((r) => {
			const l = r.lastRun;
			const last = l ? `${ago(l.at, now)}: killed ${l.killed}/${l.matched}${l.refused ? ", REFUSED" : ""}${l.unreachable.length ? `, unreachable: ${l.unreachable.join(" ")}` : ""}` : "-";
			return [
				r.name,
				r.schedule,
				r.roles.join(","),
				r.running ? "yes" : "no",
				r.nextRun ?? "-",
				last
			];
		});
		out.push("", table([
			"REAPER",
			"SCHEDULE",
			"ROLES",
			"RUNNING",
			"NEXT RUN",
			"LAST RUN"
		], rows));
	}
	if (s.sentinels.length > 0) out.push("", table(["SENTINEL", "CONNECTED"], s.sentinels.map((x) => [x.name, x.connected ? "yes" : "no"])));
	for (const c of s.clusters ?? []) {
		const from = c.source ? `${c.source} from ${c.seed}, ${ago(c.lastRefreshAt, now)}` : "no topology read yet";
		out.push("", `cluster ${c.name} (seeds ${c.seeds.join(" ")}): ${c.nodes.length} nodes, ${from}${c.error ? `; last refresh failed: ${c.error}` : ""}`);
		const rows = c.nodes.map((n) => [
			c.name,
			n.addr,
			n.role === "master" ? "master" : `replica of ${n.of ?? "?"}`,
			n.slots.join(",") || "-",
			n.health
		]);
		if (rows.length > 0) out.push(table([
			"CLUSTER",
			"NODE",
			"ROLE",
			"SLOTS",
			"HEALTH"
		], rows));
	}
	return out.join("\n");
};
const statusCommand = (out) => new Command("status").description("ask the running daemon (at the config's admin.listen) what it watches and did, as a table").addOption(configOption()).addOption(new Option("--json", "print the /status document as JSON")).action(async (flags) => {
	const { cfg } = loadConfigFlag(flags.config);
	const addr = parseListen(cfg.admin.listen);
	if (addr.kind === "off") throw new ConfigError(["admin.listen: is \"\" (off), so the daemon has no status endpoint to ask"]);
	const doc = await fetchAdminJson(addr, "/status", cfg.watch.timeoutMs);
	out.print(flags.json ? JSON.stringify(doc, null, 2) : renderStatus(doc, Date.now()));
});
export { statusCommand };
