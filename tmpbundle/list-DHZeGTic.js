import { h as Command, v as Option } from "./redact-BW3B_R78.js";
import { n as listMatches } from "./execute-BOiP53Yc.js";
import { n as addConnectionFlags, t as openOneShot } from "./one-shot-DOQefk8Q.js";
import { n as clientTable, t as clientJson } from "./render-AymEubS-.js";
// dist/cli/commands/list.js
const listCommand = (out) => addConnectionFlags(new Command("list").description("show the client connections that match a filter (all clients but replication links when none is given)").argument("<target>", "host:port, redis://..., rediss://... or a unix socket path").argument("[filter...]", "CLIENT KILL filter tokens").addOption(new Option("--json", "machine-readable output")).addOption(new Option("--allow-replication", "include replication links"))).action(async (targetArg, filterArgs, flags) => {
	const s = await openOneShot(targetArg, filterArgs, flags, {
		allowReplication: flags.allowReplication ?? false,
		countFirst: false,
		defaultFilter: "SKIPME yes"
	});
	try {
		const clients = await listMatches(s.redis, s.plan, s.probe.selfId, s.label);
		out.print(flags.json ? JSON.stringify(clients.map(clientJson)) : clientTable(clients));
	} finally {
		s.redis.disconnect();
	}
});
export { listCommand };
