// Property tests: a generated secret never survives the redaction rule, nor any error, problem or log line written about a target holding it.
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.js';
import { ReconfError } from '../../src/errors.js';
import { loggerOptions } from '../../src/log/logger.js';
import { redactSecrets } from '../../src/log/redact.js';
import { parseTarget } from '../../src/target/target.js';

/** Secrets start with a marker no other generated part holds, so "not in the output" means what it says. */
const MARK = 'Zq9';
/** What a password written raw into a URL in prose can hold: anything but spaces and quotes. */
const urlSecret = fc.stringMatching(/^[!#-&(-~]{0,24}$/).map((s) => `${MARK}${s}`);
/** A secret as a user might type it anywhere: any printable character, spaces and quotes too. */
const anySecret = fc.stringMatching(/^[ -~]{0,24}$/).map((s) => `${MARK}${s}`);
const user = fc.stringMatching(/^[a-z]{0,8}$/);
const host = fc.oneof(fc.ipV4(), fc.constantFrom('localhost', 'cache.internal'));
const port = fc.oneof(fc.integer({ min: 1, max: 65535 }).map(String), fc.constantFrom('0', '65536', 'x', '99999999999'));
const scheme = fc.constantFrom('redis://', 'rediss://', 'unix://', 'http://', '');

/**
 * A target with a secret in it, in every form seen: `user:pw@` and a lone `pw@`, with and without
 * a scheme, bad percent-escapes. (A lone `pw` holds no `:`: in `redis://a:b@h` the user is a.)
 */
const secretTarget = (secret: fc.Arbitrary<string>) =>
  fc.tuple(scheme, user, secret, host, port, fc.constantFrom('', '%GG', '%', '%E0%A4%A'), fc.boolean()).map(([s, u, pw, h, p, esc, lone]) =>
    lone ? { secret: pw.replaceAll(':', ''), text: `${s}${pw.replaceAll(':', '')}${esc}@${h}:${p}` } : { secret: pw, text: `${s}${u}:${pw}${esc}@${h}:${p}` },
  );

const prose = fc.array(fc.stringMatching(/^[a-z.:]{1,8}$/), { maxLength: 4 }).map((w) => w.join(' '));

describe('the redaction rule', () => {
  it('removes a secret from any text around a URL: prose, quotes, JSON', () => {
    fc.assert(
      fc.property(secretTarget(urlSecret), prose, prose, ({ secret, text }, before, after) => {
        for (const line of [`${before} ${text} ${after}`, `${before} '${text}': ${after}`, JSON.stringify({ msg: before, target: text })]) {
          expect(redactSecrets(line)).not.toContain(secret);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the real error paths', () => {
  it('a target refused by parseTarget never quotes its secret', () => {
    fc.assert(
      fc.property(secretTarget(anySecret), ({ secret, text }) => {
        try {
          parseTarget(text);
        } catch (e) {
          expect(e).toBeInstanceOf(ReconfError);
          expect((e as Error).message).not.toContain(secret);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('config problems about targets, sentinels and cluster seeds never quote a secret', () => {
    fc.assert(
      fc.property(secretTarget(anySecret), host, ({ secret, text }, h) => {
        try {
          validateConfig({ targets: [{ url: text }, { host: `${secret}@${h}` }], sentinels: [{ url: text }], clusters: [{ seeds: [text] }] }, {});
        } catch (e) {
          expect(e).toBeInstanceOf(ReconfError);
          expect((e as Error).message).not.toContain(secret);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a log line never carries a secret, whatever field or message it sits in', () => {
    fc.assert(
      fc.property(secretTarget(urlSecret), ({ secret, text }) => {
        let out = '';
        const sink = new Writable({
          write(chunk: Buffer, _enc, done) {
            out += chunk.toString();
            done();
          },
        });
        const log = pino(loggerOptions('info'), sink).child({ component: 'test' });
        log.warn({ target: text, err: { message: `cannot reach ${text}` }, problems: [`targets[0].url: '${text}'`] }, `reload refused for ${text}`);
        expect(out).toContain('reload refused');
        expect(out).not.toContain(secret);
      }),
      { numRuns: 300 },
    );
  });
});
