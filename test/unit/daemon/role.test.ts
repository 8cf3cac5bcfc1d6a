// ROLE replies (RESP2, as Redis 7.0 and Valkey send them) -> observed role; role texts and comparison.
import { describe, expect, it } from 'vitest';
import { parseRoleReply, roleText, sameRole } from '../../../src/daemon/target/role.js';

describe('parseRoleReply', () => {
  it.each([
    ['master with no replicas', ['master', 0, []], { kind: 'master' }],
    ['master with replicas', ['master', 3129, [['127.0.0.1', '9001', '3129']]], { kind: 'master' }],
    ['Valkey primary', ['primary', 0, []], { kind: 'master' }],
    ['replica, link up', ['slave', '127.0.0.1', 9000, 'connected', 3167], { kind: 'replica', of: '127.0.0.1:9000' }],
    ['replica during handshake', ['slave', '10.0.0.5', 6379, 'handshake', -1], { kind: 'replica', of: '10.0.0.5:6379' }],
    ['replica (Valkey word)', ['replica', 'db-1', 6380, 'connect', -1], { kind: 'replica', of: 'db-1:6380' }],
    ['replica of an IPv6 master', ['slave', '::1', 7000, 'connected', 1], { kind: 'replica', of: '[::1]:7000' }],
  ])('%s', (_, reply, role) => {
    expect(parseRoleReply(reply)).toEqual(role);
  });

  it.each([
    ['a Sentinel', ['sentinel', ['mymaster']], /Sentinel listed under targets/],
    ['not an array', 'OK', /not an array/],
    ['an empty array', [], /not an array/],
    ['a replica with no port', ['slave', '127.0.0.1'], /names no master/],
  ])('refuses %s', (_, reply, msg) => {
    expect(() => parseRoleReply(reply)).toThrow(msg);
  });

  it('errors carry a stable code', () => {
    try {
      parseRoleReply(['sentinel', []]);
    } catch (e) {
      expect((e as { code: string }).code).toBe('UNEXPECTED_ROLE');
    }
  });
});

describe('roleText and sameRole', () => {
  it('words a role', () => {
    expect(roleText({ kind: 'master' })).toBe('master');
    expect(roleText({ kind: 'replica', of: 'a:1' })).toBe('replica of a:1');
  });
  it.each([
    [{ kind: 'master' }, { kind: 'master' }, true],
    [{ kind: 'replica', of: 'a:1' }, { kind: 'replica', of: 'a:1' }, true],
    [{ kind: 'replica', of: 'a:1' }, { kind: 'replica', of: 'b:1' }, false],
    [{ kind: 'master' }, { kind: 'replica', of: 'a:1' }, false],
  ] as const)('%j vs %j -> %s', (a, b, same) => {
    expect(sameRole(a, b)).toBe(same);
  });
});
