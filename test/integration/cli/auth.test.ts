// Integration tests of logging in against redis-server 7.0 with requirepass and ACL users: --password-file, REDISCLI_AUTH, redis://user:pass@ URLs, their precedence, and wrong credentials (exit 69).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { addUsers, gone, PASSWORD, track, type Tracked } from '../../helpers/population.js';
import { openClient, startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

const ROOT = 'root-secret';
/** No REDISCLI_AUTH from the environment running the tests. */
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ REDISCLI_AUTH: '', ...extra });

describe('authentication', () => {
  let server: ServerHandle;
  let rootFile: string;
  let opsFile: string;
  let wrongFile: string;
  let victims: Tracked[];

  beforeAll(async () => {
    server = await startServer();
    await addUsers(server.port, ['ops']);
    // Set after start: the harness's readiness PING carries no password.
    const admin = await openClient(server.port);
    await admin.call('CONFIG', 'SET', 'requirepass', ROOT);
    admin.disconnect();
    rootFile = join(server.dir, 'root.password');
    opsFile = join(server.dir, 'ops.password');
    wrongFile = join(server.dir, 'wrong.password');
    writeFileSync(rootFile, `${ROOT}\n`);
    writeFileSync(opsFile, PASSWORD);
    writeFileSync(wrongFile, 'not-it\n');
  });
  afterAll(stopAll);

  /** Fresh clients named `label-1..n`; each test kills its own by NAME. */
  const victimsNamed = async (label: string, n = 2): Promise<Tracked[]> =>
    (victims = await Promise.all(Array.from({ length: n }, (_, i) => track(server.port, `${label}-${i + 1}`, { password: ROOT, name: label }))));

  const killsItsVictims = async (label: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    await victimsNamed(label);
    const res = await runCli(['kill', ...args, 'NAME', label], { env: env(extraEnv) });
    expect(res.stderr).not.toMatch(/reconf-agent: /);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^killed 2 client\(s\) on /);
    expect(await gone(server.port, victims, { password: ROOT })).toEqual([`${label}-1`, `${label}-2`]);
  };

  const refused = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    await victimsNamed('safe');
    const res = await runCli(['kill', ...args, 'NAME', 'safe'], { env: env(extraEnv) });
    expect(res.code).toBe(69);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^reconf-agent: .*authentication failed/);
    expect(await gone(server.port, victims, { password: ROOT })).toEqual([]);
  };

  it('--password-file (one trailing newline dropped)', async () => {
    await killsItsVictims('by-file', [server.addr, '--password-file', rootFile]);
  });

  it('--user with --password-file logs in as an ACL user', async () => {
    await killsItsVictims('by-acl-file', [server.addr, '--user', 'ops', '--password-file', opsFile]);
  });

  it('REDISCLI_AUTH', async () => {
    await killsItsVictims('by-env', [server.addr], { REDISCLI_AUTH: ROOT });
  });

  it('redis://:pass@host:port and redis://user:pass@host:port', async () => {
    await killsItsVictims('by-url', [`redis://:${ROOT}@127.0.0.1:${server.port}`]);
    await killsItsVictims('by-acl-url', [`redis://ops:${PASSWORD}@127.0.0.1:${server.port}`]);
  });

  it('a URL with percent-encoded credentials', async () => {
    await killsItsVictims('by-encoded-url', [`redis://%6Fps:${encodeURIComponent(PASSWORD)}@127.0.0.1:${server.port}`]);
  });

  it('the password file wins over the URL, and the URL over REDISCLI_AUTH', async () => {
    await killsItsVictims('file-over-url', [`redis://:wrong@127.0.0.1:${server.port}`, '--password-file', rootFile]);
    await killsItsVictims('url-over-env', [`redis://:${ROOT}@127.0.0.1:${server.port}`], { REDISCLI_AUTH: 'wrong' });
  });

  it('no password exits 69 (NOAUTH) and kills nothing', async () => {
    await refused([server.addr]);
  });

  it('a wrong password, from a file, the environment or a URL, exits 69 and kills nothing', async () => {
    await refused([server.addr, '--password-file', wrongFile]);
    await refused([server.addr], { REDISCLI_AUTH: 'not-it' });
    await refused([`redis://ops:not-it@127.0.0.1:${server.port}`]);
    await refused([server.addr, '--user', 'nobody', '--password-file', opsFile]);
  });

  it('list logs in the same way', async () => {
    await victimsNamed('listed', 1);
    const res = await runCli(['list', `redis://ops:${PASSWORD}@127.0.0.1:${server.port}`, 'NAME', 'listed', '--json'], { env: env() });
    expect(res.code).toBe(0);
    expect((JSON.parse(res.stdout) as { id: number }[]).map((c) => c.id)).toEqual([victims[0]!.id]);
  });
});
