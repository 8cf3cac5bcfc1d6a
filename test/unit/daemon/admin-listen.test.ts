// admin.listen values -> where the admin HTTP server listens (or an error naming the accepted forms).
import { describe, expect, it } from 'vitest';
import { listenText, parseListen } from '../../../src/config/listen.js';

describe('parseListen', () => {
  it.each([
    ['127.0.0.1:9477', { kind: 'tcp', host: '127.0.0.1', port: 9477 }],
    ['[::1]:9477', { kind: 'tcp', host: '::1', port: 9477 }],
    ['localhost:0', { kind: 'tcp', host: 'localhost', port: 0 }],
    ['unix:/run/reconf-agent/admin.sock', { kind: 'unix', path: '/run/reconf-agent/admin.sock' }],
    ['', { kind: 'off' }],
  ])('%j', (input, addr) => {
    expect(parseListen(input)).toEqual(addr);
    if (addr.kind !== 'off') expect(listenText(parseListen(input))).toBe(input);
  });
  it.each(['9477', 'unix:relative.sock', 'host:70000', 'http://x:1'])('refuses %j', (input) => {
    expect(() => parseListen(input)).toThrow(/accepted/);
  });
});
