// The floor under the daemon's poll cost: a bare loop that does only what a poll must, with nothing of the agent.
// Once a second, on one tick, it writes a prebuilt ROLE to each target's socket and reads the reply (counted, not
// parsed). Started the way daemon-footprint.mjs starts a daemon (`poll-floor.mjs run -c agent.yaml`): it reads the
// targets' redis:// and unix:// urls from that file and listens on its admin port, so that
// BENCH_CLI=bench/poll-floor.mjs,dist/cli/main.cjs measures the floor and the daemon against the same servers, in
// one run (docs/benchmarks.md, "Daemon footprint").
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';

const config = readFileSync(process.argv[process.argv.indexOf('-c') + 1], 'utf8');
const urls = [...config.matchAll(/url: '([^']+)'/g)].map((m) => new URL(m[1]));
const [host, port] = /admin: \{ listen: '([^:]+):(\d+)' \}/.exec(config).slice(1);

const ROLE = Buffer.from('*1\r\n$4\r\nROLE\r\n');
let replies = 0;
const sockets = urls.map((url) => {
  const socket = url.protocol === 'unix:' ? connect(url.pathname) : connect(Number(url.port), url.hostname);
  socket.on('data', () => replies++);
  return socket;
});
setInterval(() => {
  for (const socket of sockets) socket.write(ROLE);
}, 1000);
createServer((c) => c.destroy()).listen(Number(port), host);
process.on('SIGTERM', () => {
  process.stderr.write(`poll-floor: ${replies} replies from ${sockets.length} targets\n`);
  process.exit(0);
});
