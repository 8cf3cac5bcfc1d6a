// Runs inside a guest: opens plain TCP connections to a Redis on 127.0.0.1, each authenticated
// ($REDISCLI_AUTH) and named, and holds them open without ever reconnecting, so a test can see
// which ones a kill closed. Usage: node hold-clients.mjs PORT NAME=COUNT...
import { connect } from 'node:net';

const [port, ...groups] = process.argv.slice(2);
const resp = (...args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
const sockets = [];
for (const group of groups) {
  const [name, count] = group.split('=');
  for (let i = 0; i < Number(count); i++) {
    const s = connect(Number(port), '127.0.0.1');
    s.on('error', () => undefined);
    s.on('data', () => undefined);
    s.write(resp('AUTH', process.env.REDISCLI_AUTH ?? '') + resp('CLIENT', 'SETNAME', name));
    sockets.push(s);
  }
}
setInterval(() => undefined, 1 << 30);
