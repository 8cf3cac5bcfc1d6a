// Many idle raw TCP clients on one server (thousands: no ioredis per client), for kill runs at scale.
// Each is a bare socket that sends nothing, so the server lists it as an idle `normal` client. They connect
// from 127.0.0.2 upward (not 127.0.0.1, to pass 28k ports), which protected mode refuses: start the server
// with crowdServerArgs.
import { connect, type Socket } from 'node:net';

/** Server arguments a crowd needs: room for `size` clients, and protected mode off (the server binds loopback only). */
export const crowdServerArgs = (size: number): string[] => ['--maxclients', String(size + 1000), '--protected-mode', 'no'];

/** The crowd's clients in a CLIENT LIST: they connect from 127.0.0.2 and up. */
export const isCrowd = (c: { addr: string }): boolean => /^127\.0\.0\.([2-9]|\d\d+):/.test(c.addr);

/** Loopback has about 28k ephemeral ports per source address: beyond this, use the next 127.0.0.x. */
const PER_SOURCE = 20_000;

export interface Crowd {
  readonly size: number;
  /** How many of the crowd's sockets the server has closed. */
  closed(): number;
  /** Resolves once `n` sockets are closed. */
  waitClosed(n: number): Promise<void>;
  /** Close every socket still open. */
  destroy(): void;
}

const open = (port: number, localAddress: string): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, localAddress });
    s.once('connect', () => {
      s.off('error', reject);
      s.on('error', () => undefined); // a reset from the server counts as a close
      resolve(s);
    });
    s.once('error', reject);
  });

/** Open `size` idle clients to a server on 127.0.0.1:`port`, `parallel` connects at a time. */
export const openCrowd = async (port: number, size: number, parallel = 500): Promise<Crowd> => {
  const sockets: Socket[] = [];
  let closed = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const onClose = (): void => {
    closed++;
    for (const w of waiters.filter((x) => closed >= x.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  for (let i = 0; i < size; i += parallel) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(parallel, size - i) }, (_, j) => open(port, `127.0.0.${2 + Math.floor((i + j) / PER_SOURCE)}`)),
    );
    for (const s of batch) {
      s.once('close', onClose);
      sockets.push(s);
    }
  }
  return {
    size,
    closed: () => closed,
    waitClosed: (n) => (closed >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    destroy: () => {
      for (const s of sockets) s.destroy();
    },
  };
};
