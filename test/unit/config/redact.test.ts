// check-config's effective config: secrets (password, URL passwords) never appear, everything else does.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validateConfig } from '../../../src/config/load.js';
import { effectiveConfig, redactedUrl } from '../../../src/config/redact.js';
import { parseTarget } from '../../../src/target/target.js';

describe('redactedUrl', () => {
  it.each([
    ['redis://app:hunter2@10.0.0.1:6379', 'redis://app:(redacted)@10.0.0.1:6379'],
    ['rediss://:hunter2@h:6380', 'rediss://:(redacted)@h:6380'],
    ['redis://app@h:1', 'redis://app@h:1'],
    ['10.0.0.1:6379', 'redis://10.0.0.1:6379'],
    ['unix:/run/redis.sock', 'unix:/run/redis.sock'],
    ['[::1]:7000', 'redis://[::1]:7000'],
  ])('%s -> %s', (input, out) => {
    expect(redactedUrl(parseTarget(input))).toBe(out);
  });
});

describe('effectiveConfig', () => {
  it('never holds a password, and prints filters back in the filter language', () => {
    const cfg = validateConfig(
      {
        targets: [{ name: 'a', url: 'redis://app:hunter2@127.0.0.1:7000' }],
        sentinels: [{ url: 'redis://:sentinelpw@127.0.0.1:26380' }],
        masters: ['mym'],
        policies: [{ name: 'p', on: 'demoted', filter: 'TYPE normal USER app' }],
      },
      {},
    );
    const text = stringify(effectiveConfig({ ...cfg, auth: { username: 'agent', password: 'topsecret', passwordFile: '/etc/pw' } }));
    for (const secret of ['hunter2', 'sentinelpw', 'topsecret']) expect(text).not.toContain(secret);
    expect(text).toContain('password: (redacted)');
    expect(text).toContain('passwordFile: /etc/pw');
    expect(text).toContain('filter: TYPE normal USER app');
    expect(text).toContain('redis://app:(redacted)@127.0.0.1:7000');
  });
});
