// The Debian package as an admin meets it: `npm run package:deb`'s reconf-agent_<version>_all.deb
// passes lintian (overrides justified in systemd/deb/lintian-overrides), holds what docs/install.md
// says, and in a booted Debian 13 guest (systemd-nspawn, no network: Debian's nodejs comes from
// the index and the .debs the root was provisioned with) `apt-get install ./…deb` pulls Debian's
// nodejs, installs the service without starting it, the agent then runs and kills on a role
// change, `apt-get remove` stops it and `purge` removes /etc/reconf-agent.
import { spawnSync } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDebianTool } from '../helpers/debian-tool.js';
import { PASSWORD, adminGet, agentConfig, demoteWithClients, setUpGuestRedis, unitProps, waitFor } from './helpers/guest-agent.js';
import { bootGuest, ensureRoot, type Guest } from './helpers/nspawn.js';
import { packageUnderTest } from './helpers/package-under-test.js';

const GUEST_SCRIPTS = new URL('./guest', import.meta.url).pathname;
const UNIT = 'reconf-agent.service';

describe('the Debian package', () => {
  let debPath: string;
  beforeAll(async () => {
    debPath = (await packageUnderTest()).deb;
  });
  const deb = () => debPath;
  const info = (...args: string[]) => spawnSync('dpkg-deb', [...args, deb()], { encoding: 'utf8' }).stdout;

  it('is named reconf-agent_<version>_all.deb and depends on nodejs (>= 20)', () => {
    const version = (JSON.parse(spawnSync('cat', [new URL('../../package.json', import.meta.url).pathname], { encoding: 'utf8' }).stdout) as { version: string }).version;
    expect(basename(deb())).toBe(`reconf-agent_${version}_all.deb`);
    expect(info('-f').match(/^Depends: (.*)$/m)?.[1]).toContain('nodejs (>= 20)');
    expect(info('-f').match(/^Architecture: (.*)$/m)?.[1]).toBe('all');
  });

  it('holds the app, the command, both units, the config as a conffile, and docs; no dev dependencies', () => {
    const files = info('-c')
      .split('\n')
      .map((l) => l.replace(/^.* \.\//, '/').replace(/ -> .*$/, ''));
    for (const f of [
      '/usr/lib/reconf-agent/dist/cli/main.cjs',
      '/usr/lib/reconf-agent/package.json',
      '/usr/lib/reconf-agent/node_modules/ioredis/package.json',
      '/usr/bin/reconf-agent',
      '/lib/systemd/system/reconf-agent.service',
      '/lib/systemd/system/reconf-agent@.service',
      '/etc/reconf-agent/config.yaml',
      '/usr/share/doc/reconf-agent/README.md',
      '/usr/share/doc/reconf-agent/docs/install.md',
      '/usr/share/doc/reconf-agent/copyright',
      '/usr/share/doc/reconf-agent/changelog.gz',
      '/usr/share/man/man1/reconf-agent.1.gz',
    ])
      expect(files, f).toContain(f);
    for (const dev of ['vitest', 'typescript', 'fast-check', '@types/node']) expect(files.some((f) => f.includes(`/node_modules/${dev}/`)), dev).toBe(false);
    expect(spawnSync('sh', ['-c', `dpkg-deb --ctrl-tarfile ${deb()} | tar -xOf - ./conffiles`], { encoding: 'utf8' }).stdout).toBe('/etc/reconf-agent/config.yaml\n');
  });

  it('passes lintian', () => {
    const lintian = findDebianTool('lintian', 'lintian', 'LINTIAN_BIN');
    const r = spawnSync(lintian, ['--fail-on', 'error,warning', deb()], { encoding: 'utf8', timeout: 300_000 });
    expect(r.stdout.split('\n').filter((l) => /^[EW]: /.test(l))).toEqual([]);
    expect(r.status).toBe(0);
  }, 300_000);

  describe('installed with apt-get in a booted Debian 13 guest', () => {
    let g: Guest;
    beforeAll(async () => {
      g = await bootGuest(await ensureRoot('trixie'), [
        { host: dirname(deb()), guest: '/opt/pkg', readOnly: true },
        { host: GUEST_SCRIPTS, guest: '/opt/host-tests', readOnly: true },
      ]);
      await setUpGuestRedis(g);
    });
    afterAll(async () => g?.stop());

    it("pulls Debian's nodejs and installs the service neither enabled nor started", () => {
      expect(g.sh('command -v node').status, 'no node before the package').not.toBe(0);
      const out = g.ok(`DEBIAN_FRONTEND=noninteractive apt-get install -y /opt/pkg/${basename(deb())}`, { timeoutMs: 300_000 });
      expect(out).toMatch(/Setting up nodejs /);
      expect(out).toMatch(/Setting up reconf-agent /);
      const nodeVersion = g.ok("dpkg-query -W -f '${Version}' nodejs");
      expect(Number(/^(\d+)\./.exec(nodeVersion)?.[1])).toBeGreaterThanOrEqual(20);
      expect(g.ok('node --version').trim()).toMatch(/^v2\d\./);
      expect(g.ok('reconf-agent --version').trim()).toMatch(/^\d+\.\d+\.\d+/);
      expect(g.sh(`systemctl is-enabled ${UNIT}`).stdout.trim()).toBe('disabled');
      expect(g.sh(`systemctl is-active ${UNIT}`).stdout.trim()).toBe('inactive');
    });

    it('after the admin writes a config and a password, starts and kills on a role change', async () => {
      g.ok(`cat > /etc/reconf-agent/config.yaml && printf %s ${PASSWORD} > /etc/reconf-agent/redis-password && chmod 0600 /etc/reconf-agent/redis-password`, { input: agentConfig() });
      g.ok(`systemctl enable --now ${UNIT}`, { timeoutMs: 90_000 });
      expect(unitProps(g, UNIT, 'ActiveState', 'SubState')).toEqual({ ActiveState: 'active', SubState: 'running' });
      expect(adminGet(g, '/readyz').status).toBe(200);
      const { left, audits } = await demoteWithClients(g, UNIT);
      expect(left.app).toBeUndefined();
      expect(left.other).toBe(2);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ killed: 3 });
    });

    it('apt-get remove stops the agent and keeps /etc/reconf-agent', async () => {
      g.ok('DEBIAN_FRONTEND=noninteractive apt-get remove -y reconf-agent', { timeoutMs: 120_000 });
      await waitFor('the agent gone', () => g.sh("pgrep -f '[r]econf-agent run'").status !== 0);
      expect(g.sh(`systemctl is-active ${UNIT}`).stdout.trim()).not.toBe('active');
      expect(g.sh('test -e /lib/systemd/system/reconf-agent.service').status).not.toBe(0);
      expect(g.ok('ls /etc/reconf-agent').split('\n')).toEqual(expect.arrayContaining(['config.yaml', 'redis-password']));
    });

    it('apt-get purge removes its config, password included', () => {
      g.ok('DEBIAN_FRONTEND=noninteractive apt-get purge -y reconf-agent', { timeoutMs: 120_000 });
      expect(g.sh('test -e /etc/reconf-agent').status).not.toBe(0);
      expect(g.sh('ls /etc/systemd/system/multi-user.target.wants/ | grep reconf-agent').stdout).toBe('');
      expect(g.sh("dpkg-query -W -f '${Status}' reconf-agent").stdout).not.toMatch(/installed/);
    });
  });
});
