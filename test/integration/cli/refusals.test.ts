// Refusals against real servers: kill on a Sentinel (exit 64 unless --allow-sentinel; list is fine), a TLS
// certificate no given CA trusts (says so and names --tls-ca / tls.ca), --tls-ca for a non-TLS target, and the
// same node listed twice in a config.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { tempConfigDir } from '../../helpers/daemon.js';
import { freePort, startSentinel, startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

const env = { REDISCLI_AUTH: '' };

const refused = (res: CliResult, code: number, pattern: RegExp): void => {
  expect(res.code, res.stderr).toBe(code);
  expect(res.stderr.trim().split('\n')).toHaveLength(1);
  expect(res.stderr).toMatch(pattern);
};

/** A CA, a server certificate it signs for 127.0.0.1, and a second CA that signs nothing here. */
const makeCerts = (dir: string) => {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=reconf-test-ca');
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other-ca.pem', '-days', '2', '-subj', '/CN=reconf-other-ca');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext'), 'subjectAltName=IP:127.0.0.1\n');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext');
  return { ca: join(dir, 'ca.pem'), otherCa: join(dir, 'other-ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
};

describe('refusals', () => {
  let master: ServerHandle;
  let sentinel: ServerHandle;
  let tls: ServerHandle;
  let tlsPort: number;
  let certs: ReturnType<typeof makeCerts>;
  const files = tempConfigDir();
  beforeAll(async () => {
    master = await startServer();
    sentinel = await startSentinel('refusals', master, { quorum: 1 });
    certs = makeCerts(master.dir);
    tlsPort = await freePort();
    tls = await startServer(['--tls-port', String(tlsPort), '--tls-cert-file', certs.cert, '--tls-key-file', certs.key, '--tls-ca-cert-file', certs.ca, '--tls-auth-clients', 'no']);
  });
  afterAll(async () => {
    await stopAll();
    files.cleanup();
  });

  it('kill on a Sentinel is refused (exit 64), killing nothing; list there works', async () => {
    const before = String(await (await sentinel.client()).call('CLIENT', 'LIST'));
    refused(await runCli(['kill', sentinel.addr, 'TYPE', 'normal'], { env }), 64, /is a Sentinel \(INFO server: redis_mode:sentinel\).*--allow-sentinel/);
    const after = String(await (await sentinel.client()).call('CLIENT', 'LIST'));
    for (const id of [...before.matchAll(/\bid=(\d+)/g)].map((m) => m[1])) expect(after).toContain(`id=${id} `);
    const list = await runCli(['list', sentinel.addr, '--json'], { env });
    expect(list.code, list.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(list.stdout))).toBe(true);
  });

  it('kill --allow-sentinel runs there as asked', async () => {
    const victim = await sentinel.client({ name: 'sentinel-victim' });
    const res = await runCli(['kill', sentinel.addr, 'TYPE', 'normal', 'NAME', 'sentinel-victim', '--allow-sentinel'], { env });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^killed 1 client/);
    await expect(victim.ping()).rejects.toThrow();
  });

  it('a server certificate no given CA trusts: "certificate not trusted", naming --tls-ca / tls.ca', async () => {
    const url = `rediss://127.0.0.1:${tlsPort}`;
    for (const extra of [[], ['--tls-ca', certs.otherCa]]) {
      refused(await runCli(['list', url, ...extra], { env }), 69, /certificate not trusted .*set --tls-ca \/ tls\.ca/);
    }
    const ok = await runCli(['list', url, '--tls-ca', certs.ca, '--json'], { env });
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('--tls-ca for a target that is not rediss:// is refused (exit 64), not ignored', async () => {
    refused(await runCli(['list', tls.addr, '--tls-ca', certs.ca], { env }), 64, /--tls-ca is for rediss:\/\/ targets/);
  });

  it('the same node under two names is a config problem (exit 78)', async () => {
    const path = files.write('dupes.yaml', { targets: [{ name: 'a', url: `redis://${master.addr}` }, { name: 'b', host: '127.0.0.1', port: master.port }] });
    const res = await runCli(['check-config', '-c', path], { env });
    refused(res, 78, new RegExp(`targets\\[1\\]: same address as targets\\[0\\] \\(${master.addr}\\)`));
  });
});
