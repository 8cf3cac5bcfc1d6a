// Every example config in config/ passes `reconf-agent check-config` as shipped, with no password file, and picks the password up from systemd's credential directory.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { configDir } from '../../helpers/agent-setup.js';
import { runCli } from '../../helpers/cli.js';

const CONFIG_DIR = fileURLToPath(new URL('../../../config/', import.meta.url));
const EXAMPLES = readdirSync(CONFIG_DIR).filter((f) => f.endsWith('.yaml'));

describe('example configs', () => {
  const creds = configDir();
  afterAll(() => creds.cleanup());

  it('ships one per use', () => {
    expect(EXAMPLES.sort()).toEqual(['failover-hook.yaml', 'scheduled-cleanup.yaml', 'sentinel-host.yaml']);
  });

  it.each(EXAMPLES)('%s passes check-config without a password file', async (name) => {
    const res = await runCli(['check-config', '-c', `${CONFIG_DIR}${name}`], { env: { CREDENTIALS_DIRECTORY: '' } });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`${name}: valid`);
    expect(res.stdout).toMatch(/auth:\n  username: reconf-agent\n  password: \(none\)/);
  });

  it('sentinel-host.yaml takes the password from $CREDENTIALS_DIRECTORY/redis-password, as under the systemd unit', async () => {
    const file = creds.write('redis-password', 's3cret\n');
    const res = await runCli(['check-config', '-c', `${CONFIG_DIR}sentinel-host.yaml`], { env: { CREDENTIALS_DIRECTORY: creds.dir } });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`passwordFile: ${file}\n  password: (redacted)`);
  });
});
