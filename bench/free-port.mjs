// A free loopback port for a server a script starts itself: never 6379 or 26379, where a real Redis or Sentinel may live.
import { createServer } from 'node:net';

export const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => (port === 6379 || port === 26379 ? freePort().then(resolve, reject) : resolve(port)));
    });
  });
