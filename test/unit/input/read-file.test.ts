// Files are read only when they are small regular files, and never waited on: a FIFO, a directory, a device, an
// oversized or empty password file is one clear error at once.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_SECRET_BYTES, readPasswordFile, readSmallFile } from '../../../src/input/read-file.js';

describe('readSmallFile and readPasswordFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reconf-read-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string): string => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it('reads a regular file; a password loses one trailing newline', () => {
    expect(readSmallFile(file('a', 'x: 1\n'), 'config file', 100)).toBe('x: 1\n');
    expect(readPasswordFile(file('pw', 's3cret\r\n'))).toBe('s3cret');
  });

  it('refuses a FIFO at once (no writer needed to find out)', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => readPasswordFile(fifo)).toThrow(`cannot read password file '${fifo}': it is a FIFO; give a regular file`);
  });

  it('refuses a directory, a device and a missing file', () => {
    expect(() => readSmallFile(dir, 'config file', 100)).toThrow(/it is a directory; give a regular file/);
    expect(() => readSmallFile('/dev/zero', 'TLS CA file', 100)).toThrow(/it is a device; give a regular file/);
    expect(() => readSmallFile(join(dir, 'missing'), 'config file', 100)).toThrow(/: ENOENT$/);
  });

  it('refuses a file over the cap, and an empty password file', () => {
    expect(() => readPasswordFile(file('big', 'x'.repeat(MAX_SECRET_BYTES + 1)))).toThrow(`it is larger than ${MAX_SECRET_BYTES} bytes`);
    expect(() => readPasswordFile(file('empty', ''))).toThrow(/is empty/);
    expect(() => readPasswordFile(file('newline', '\n'))).toThrow(/is empty/);
  });
});
