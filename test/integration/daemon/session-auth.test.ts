// Which credentials a node connection uses: the target URL's own when it has them, else the config's `auth`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../src/runner/session.js';
import { parseTarget } from '../../../src/target/target.js';
import { startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

describe('openSession credentials', () => {
  let server: ServerHandle;
  const watch = { pollIntervalMs: 1000, flapWindowMs: 60000, flapMaxChanges: 3, timeoutMs: 2000, dedupeWindowMs: 60000, discoveryIntervalMs: 10000 };
  beforeAll(async () => {
    server = await startServer();
    const admin = await server.client();
    await admin.call('ACL', 'SETUSER', 'agent', 'on', '>agent-pass', '+@all');
    await admin.call('ACL', 'SETUSER', 'other', 'on', '>other-pass', '+@all');
    await admin.call('ACL', 'SETUSER', 'default', 'off');
  });
  afterAll(stopAll);

  const whoAmI = async (url: string, auth: { username?: string; password?: string }): Promise<string> => {
    const s = await openSession(parseTarget(url), { auth, tls: {}, watch });
    try {
      return String(await s.redis.call('ACL', 'WHOAMI'));
    } finally {
      s.close();
    }
  };

  it('uses auth for a target URL without credentials', async () => {
    expect(await whoAmI(`redis://${server.addr}`, { username: 'agent', password: 'agent-pass' })).toBe('agent');
  });

  it("uses the URL's own credentials over auth", async () => {
    expect(await whoAmI(`redis://other:other-pass@${server.addr}`, { username: 'agent', password: 'wrong' })).toBe('other');
  });

  it('fails with a classified login error, not a raw one, when neither works', async () => {
    await expect(whoAmI(`redis://${server.addr}`, { username: 'agent', password: 'wrong' })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });
});
