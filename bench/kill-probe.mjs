// Child of bench/kill-reap.mjs: one connection to 127.0.0.1:PORT that PINGs in a loop, about once a
// millisecond, and keeps every round trip of a window. It subscribes first (RESP2 lets a subscriber PING), so
// it is a `pubsub` client and `TYPE normal` kills leave it alone. On stdin: `mark` starts a window, `stop`
// ends it (a PING still waiting counts with what it has waited so far), `report SINCE` prints
// `max MS pings N since MS`: the longest round trip of the window, and the longest of those that ended at or
// after SINCE (epoch ms), which bench/kill-reap.mjs sets to when the agent's CLIENT LIST reply came, so that one
// is the longest wait of its kill phase.
import { connect } from 'node:net';
import { createInterface } from 'node:readline';

const port = Number(process.argv[2]);
const PONG = Buffer.from('*2\r\n$4\r\npong\r\n$0\r\n\r\n');
const socket = connect({ host: '127.0.0.1', port });
socket.setNoDelay(true);
const epochMs = () => performance.timeOrigin + performance.now();
let buffered = Buffer.alloc(0);
let subscribed = false;
let sentAt = 0;
let outstanding = false;
/** The window's round trips: [end (epoch ms), ms]; undefined outside a window. */
let window;

const ping = () => {
  sentAt = epochMs();
  outstanding = true;
  socket.write('PING\r\n');
};

socket.on('data', (d) => {
  buffered = Buffer.concat([buffered, d]);
  if (!subscribed) {
    // *3 $9 subscribe $11 bench-probe :1
    if (!buffered.includes(':1\r\n')) return;
    subscribed = true;
    buffered = Buffer.alloc(0);
    process.stdout.write('ready\n');
    ping();
    return;
  }
  if (buffered.length < PONG.length) return;
  if (!buffered.subarray(0, PONG.length).equals(PONG)) throw new Error(`probe: unexpected reply ${JSON.stringify(buffered.toString())}`);
  buffered = buffered.subarray(PONG.length);
  outstanding = false;
  const end = epochMs();
  window?.push([end, end - sentAt]);
  setTimeout(ping, 1);
});
socket.on('close', () => process.exit(1));
socket.write('SUBSCRIBE bench-probe\r\n');

const longest = (samples) => samples.reduce((m, [, ms]) => Math.max(m, ms), 0);

createInterface({ input: process.stdin }).on('close', () => process.exit(0)).on('line', (line) => {
  const [word, arg] = line.split(' ');
  if (word === 'mark') window = [];
  if (word === 'stop' && window) {
    if (outstanding) window.push([epochMs(), epochMs() - sentAt]);
    const done = window;
    window = undefined;
    report = (since) => `max ${longest(done).toFixed(2)} pings ${done.length} since ${longest(done.filter(([end]) => end >= since)).toFixed(2)}\n`;
  }
  if (word === 'report') process.stdout.write(report(Number(arg)));
});

let report = () => 'max 0 pings 0 since 0\n';
