// Sentinels that require a login: sentinelAuth (username + passwordFile) is used for discovery and the
// event subscription, URL credentials still win, and check-config's view redacts the password.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectiveConfig } from '../../../src/config/redact.js';
import { validateConfig } from '../../../src/config/load.js';
import { startTestDaemon, stopTestDaemons } from '../../helpers/daemon.js';
import { openClient, startSentinel, startServer, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';

describe('sentinelAuth', () => {
  let master: ServerHandle;
  let sentinel: ServerHandle;
  const dir = mkdtempSync(join(tmpdir(), 'reconf-sentinel-auth-'));
  const passwordFile = join(dir, 'sentinel-password');

  beforeAll(async () => {
    master = await startServer();
    sentinel = await startSentinel('authgrp', master, { quorum: 1 });
    const admin = await sentinel.client();
    await admin.call('ACL', 'SETUSER', 'watcher', 'on', '>sentpass', '+@all', '&*');
    await admin.call('ACL', 'SETUSER', 'default', 'resetpass', '>known-to-nobody');
    writeFileSync(passwordFile, 'sentpass\n');
  });
  afterAll(async () => {
    await stopTestDaemons();
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the Sentinel now refuses anonymous connections', async () => {
    await expect(openClient(sentinel.port).then((c) => c.ping())).rejects.toThrow();
    await expect(openClient(sentinel.port, { username: 'watcher', password: 'sentpass' }).then((c) => c.ping())).resolves.toBe('PONG');
  });

  it('discovers and subscribes through the Sentinel with the credentials from the file', async () => {
    const d = await startTestDaemon({
      sentinels: [{ url: `redis://${sentinel.addr}` }],
      masters: ['authgrp'],
      sentinelAuth: { username: 'watcher', passwordFile },
      watch: { pollIntervalMs: 200, timeoutMs: 1000 },
    });
    expect(d.handle.status().targets.map((t) => [t.addr, t.role])).toEqual([[master.addr, 'master']]);
    await waitFor(() => d.handle.status().sentinels.every((s) => s.connected), 10_000, 'the subscriber to log in');
    await d.stop();
  });

  it('credentials in a Sentinel URL win over sentinelAuth; check-config redacts both', () => {
    const cfg = validateConfig(
      {
        sentinels: [{ url: `redis://${sentinel.addr}` }, { url: `redis://other:urlpass@127.0.0.1:1` }],
        masters: ['authgrp'],
        sentinelAuth: { username: 'watcher', passwordFile },
      },
      {},
    );
    expect(cfg.sentinels.map((s) => [s.target.username, s.target.password])).toEqual([
      ['watcher', 'sentpass'],
      ['other', 'urlpass'],
    ]);
    const shown = JSON.stringify(effectiveConfig(cfg));
    expect(shown).not.toMatch(/sentpass|urlpass/);
    expect(shown).toContain('watcher:(redacted)@');
  });
});
