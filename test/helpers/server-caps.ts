// What the server under test is and which CLIENT KILL filters it runs natively, so assertions about
// plans hold on Debian's redis-server 7.0 and on any REDIS_SERVER_BIN build alike.
import { probeServer, type Probe } from '../../src/kill/execute/probe.js';
import { openClient } from './servers.js';

/** Probe the server on `port` over a connection of its own, closed again so it counts in no test's client set. */
export const probeTestServer = async (port: number): Promise<Probe> => {
  const admin = await openClient(port);
  try {
    return await probeServer(admin);
  } finally {
    await admin.quit();
  }
};

/** The plan the compiler must pick for a filter whose only non-TYPE tokens are `tokens`. */
export const expectedPlan = (p: Probe, ...tokens: string[]): 'native' | 'emulated' =>
  tokens.every((t) => p.caps.killTokens.has(t)) ? 'native' : 'emulated';

/** How --explain names the server: `redis 7.0.15`. */
export const serverName = (p: Probe): string => `${p.info.flavor} ${p.info.version}`;
