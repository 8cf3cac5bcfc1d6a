import { f as clientFields, p as clientType } from "./bounds-QBJMsuNQ.js";
// dist/cli/render.js
const COLUMNS = [
	"id",
	"addr",
	"type",
	"user",
	"name",
	"age",
	"idle",
	"flags"
];
const row = (c) => [
	String(c.id),
	c.addr,
	clientType(c),
	c.user ?? "",
	c.name,
	String(c.age),
	String(c.idle),
	c.flags || "N"
];
/** Render rows as an aligned plain-text table. */
const table = (header, rows) => {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
	const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
	return [line(header), ...rows.map(line)].join("\n");
};
const clientTable = (clients) => clients.length === 0 ? "(no matching clients)" : table(COLUMNS, clients.map(row));
/** The client as JSON for --json output. */
const clientJson = (c) => ({
	...clientFields(c),
	type: clientType(c)
});
const cmd = (args) => `CLIENT ${args.join(" ")}`;
/** Human explanation of a plan: mode, why, and the exact commands. */
const explainPlan = (plan, probe, maxKills) => {
	const lines = [
		`server: ${probe.info.flavor} ${probe.info.version} (capabilities from ${probe.caps.source})`,
		`plan: ${plan.mode}`,
		...plan.reasons.map((r) => `  because ${r}`),
		`types touched: ${plan.types.join(", ")}${plan.types.length < 4 ? " (replication links protected)" : ""}`
	];
	const skipme = plan.killById.skipme ? ` SKIPME ${plan.filter.skipme ?? true ? "yes" : "no"}` : "";
	const tail = `${plan.killById.typed ? " TYPE <type as listed>" : ""}${skipme}`;
	const byId = plan.killById.multiId ? `CLIENT KILL ID <id...>${tail}` : `CLIENT KILL ID <id>${tail}, pipelined one per client`;
	if (plan.mode === "native" && maxKills === void 0) lines.push("commands:", ...plan.kills.map((k) => `  ${cmd(k)}`));
	else {
		if (plan.mode === "native") lines.push(`--max-kills ${maxKills}: counting first, so the native filter is evaluated locally and the counted clients are killed by id`);
		lines.push("commands:", ...plan.lists.map((l) => `  ${cmd(l)}`), "  (evaluate the filter on each client locally)");
		if (maxKills !== void 0) lines.push(`  (refuse, killing nothing, if more than ${maxKills} match)`);
		lines.push(`  ${byId}`);
		if (plan.mode === "native") lines.push("native equivalent without a cap:", ...plan.kills.map((k) => `  ${cmd(k)}`));
	}
	return lines.join("\n");
};
export { table as i, clientTable as n, explainPlan as r, clientJson as t };
