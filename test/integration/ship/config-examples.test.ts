// Every example config in config/ validates as shipped, with no password file, and picks the password up from systemd's credential directory.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { configDir } from '../../helpers/agent-setup.js';

const CONFIG_DIR = fileURLToPath(new URL('../../../config/', import.meta.url));
const EXAMPLES = readdirSync(CONFIG_DIR).filter((f) => f.endsWith('.yaml'));

describe('example configs', () => {
  const creds = configDir();
  afterAll(() => creds.cleanup());

  it('ships one per use', () => {
    expect(EXAMPLES.sort()).toEqual(['failover-hook.yaml', 'scheduled-cleanup.yaml', 'sentinel-host.yaml']);
  });

  it.each(EXAMPLES)('%s validates without a password file', (name) => {
    const cfg = loadConfig(`${CONFIG_DIR}${name}`, {});
    expect(cfg.policies.length + cfg.reapers.length).toBeGreaterThan(0);
    expect(cfg.auth).toEqual({ username: 'reconf-agent' });
  });

  it('sentinel-host.yaml reads the password from $CREDENTIALS_DIRECTORY/redis-password, as under the systemd unit', () => {
    creds.write('redis-password', 's3cret\n');
    const cfg = loadConfig(`${CONFIG_DIR}sentinel-host.yaml`, { CREDENTIALS_DIRECTORY: creds.dir });
    expect(cfg.auth.password).toBe('s3cret');
  });
});
