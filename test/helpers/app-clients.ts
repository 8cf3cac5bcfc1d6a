// Application-like client connections for the ship tests, and a server-side count of who is connected.
import type { Redis } from 'ioredis';
import { openClient, type ServerHandle } from './servers.js';

/** `n` connections of an app user (see addAppUser), subscribers when `subscribe` is given. */
export const connectApps = async (server: ServerHandle, user: string, n: number, subscribe?: string): Promise<Redis[]> =>
  Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const c = await openClient(server.port, { username: user, password: `${user}-pw`, name: `${user}-${i}` });
      if (subscribe) await c.subscribe(subscribe);
      return c;
    }),
  );

/** How many connections `user` has on `server`, as CLIENT LIST shows them. */
export const connectedAs = async (server: ServerHandle, user: string): Promise<number> => {
  const list = String(await (await server.client()).call('CLIENT', 'LIST'));
  return list.split('\n').filter((l) => new RegExp(`\\buser=${user}\\b`).test(l)).length;
};
