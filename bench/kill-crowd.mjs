// Child of bench/kill-reap.mjs, `kill-crowd.mjs PORT SIZE SOURCE`: holds SIZE idle raw TCP clients on 127.0.0.1:PORT
// (bare sockets that send nothing, so the server lists them as idle `normal` clients), connecting from the
// loopback address SOURCE (each has its own ephemeral ports, about 28k). Prints `open N` once all are connected,
// or `error ...` if they cannot be. On stdin: `closed` prints `closed N` (how many the server has closed),
// `exit` closes what is left and exits.
import { connect } from 'node:net';
import { createInterface } from 'node:readline';

const [port, size] = process.argv.slice(2, 4).map(Number);
const source = process.argv[4];
const PARALLEL = 500;
const sockets = [];
let closed = 0;

const open = (localAddress) =>
  new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, localAddress });
    s.once('connect', () => {
      s.off('error', reject);
      s.on('error', () => undefined); // a reset from the server counts as a close
      s.once('close', () => closed++);
      resolve(s);
    });
    s.once('error', reject);
  });

try {
  for (let i = 0; i < size; i += PARALLEL) {
    const n = Math.min(PARALLEL, size - i);
    sockets.push(...(await Promise.all(Array.from({ length: n }, () => open(source)))));
  }
} catch (e) {
  // EADDRNOTAVAIL: the source address has no free port left (its ports still in TIME_WAIT from earlier runs count).
  process.stdout.write(`error ${sockets.length} open, then ${e.message}\n`);
  process.exit(1);
}
process.stdout.write(`open ${sockets.length}\n`);

createInterface({ input: process.stdin }).on('close', () => process.exit(0)).on('line', (line) => {
  if (line === 'closed') process.stdout.write(`closed ${closed}\n`);
  if (line === 'exit') {
    for (const s of sockets) s.destroy();
    process.exit(0);
  }
});
