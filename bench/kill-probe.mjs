// Child of bench/kill-reap.mjs: one connection to 127.0.0.1:PORT that PINGs in a loop, about once a
// millisecond, and keeps the longest round trip. It subscribes first (RESP2 lets a subscriber PING), so it
// is a `pubsub` client and `TYPE normal` kills leave it alone. On stdin: `mark` starts a window, `report`
// prints `max MS pings N` for the window so far.
import { connect } from 'node:net';
import { createInterface } from 'node:readline';

const port = Number(process.argv[2]);
const PONG = Buffer.from('*2\r\n$4\r\npong\r\n$0\r\n\r\n');
const socket = connect({ host: '127.0.0.1', port });
socket.setNoDelay(true);
let buffered = Buffer.alloc(0);
let subscribed = false;
let sentAt = 0;
let max = 0;
let pings = 0;
let outstanding = false;

const ping = () => {
  sentAt = performance.now();
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
  max = Math.max(max, performance.now() - sentAt);
  pings++;
  setTimeout(ping, 1);
});
socket.on('close', () => process.exit(1));
socket.write('SUBSCRIBE bench-probe\r\n');

createInterface({ input: process.stdin }).on('close', () => process.exit(0)).on('line', (line) => {
  if (line === 'mark') {
    max = 0;
    pings = 0;
  }
  // A PING still waiting counts with what it has waited so far.
  const waiting = outstanding ? performance.now() - sentAt : 0;
  if (line === 'report') process.stdout.write(`max ${Math.max(max, waiting).toFixed(2)} pings ${pings}\n`);
});
