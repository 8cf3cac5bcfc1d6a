// The one redaction rule: a URL keeps its scheme and user and loses its password; any other `x@host` loses all before the @.
import { describe, expect, it } from 'vitest';
import { quoteInput, redactSecrets, redactUserinfo } from '../../../src/log/redact.js';

describe('redactUserinfo', () => {
  it.each([
    ['redis://u:TopSecretA@127.0.0.1:65536', 'redis://u:(redacted)@127.0.0.1:65536'],
    ['rediss://:pw@h:6380', 'rediss://:(redacted)@h:6380'],
    ['redis://lonely@h:1', 'redis://(redacted)@h:1'],
    ['app:apppw@127.0.0.1:17122', '(redacted)@127.0.0.1:17122'],
    ['apppw@127.0.0.1:17122', '(redacted)@127.0.0.1:17122'],
    ['redis://u:p@ss w"rd@h:1', 'redis://u:(redacted)@h:1'],
    ['127.0.0.1:6379', '127.0.0.1:6379'],
  ])('%s -> %s', (input, out) => {
    expect(redactUserinfo(input)).toBe(out);
    expect(redactUserinfo(out)).toBe(out);
  });
});

describe('redactSecrets', () => {
  it('redacts every word with an @ in prose, JSON and quotes, and leaves the rest alone', () => {
    expect(redactSecrets("target 'redis://u:pw1@h:1' and app:pw2@h:2, see docs")).toBe("target 'redis://u:(redacted)@h:1' and (redacted)@h:2, see docs");
    expect(redactSecrets(JSON.stringify({ target: 'redis://u:pw3@h:1', n: 1 }))).toBe('{"target":"redis://u:(redacted)@h:1","n":1}');
    expect(redactSecrets('nothing secret here')).toBe('nothing secret here');
  });

  it('quoteInput quotes an input whole, even a password with spaces and quotes', () => {
    expect(quoteInput("redis://u:a b'c@h:1")).toBe("'redis://u:(redacted)@h:1'");
  });
});
