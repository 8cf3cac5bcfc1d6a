// Sentinel pub/sub messages (as captured from redis-server 7.0 --sentinel during SENTINEL FAILOVER) -> typed events.
import { describe, expect, it } from 'vitest';
import { followed, parseSentinelMessage } from '../../../src/daemon/sentinel/sentinel-events.js';

describe('parseSentinelMessage', () => {
  it.each([
    ['+switch-master', 'mym 127.0.0.1 17001 127.0.0.1 17002', { kind: 'switch-master', master: 'mym', from: '127.0.0.1:17001', to: '127.0.0.1:17002' }],
    [
      '-role-change',
      'slave 127.0.0.1:17002 127.0.0.1 17002 @ mym 127.0.0.1 17001 new reported role is master',
      { kind: 'instance', channel: '-role-change', type: 'slave', addr: '127.0.0.1:17002', master: 'mym' },
    ],
    [
      '+role-change',
      'slave 10.0.0.7:6379 10.0.0.7 6379 @ cache 10.0.0.6 6379 new reported role is slave',
      { kind: 'instance', channel: '+role-change', type: 'slave', addr: '10.0.0.7:6379', master: 'cache' },
    ],
    [
      '+convert-to-slave',
      'slave 127.0.0.1:17001 127.0.0.1 17001 @ mym 127.0.0.1 17002',
      { kind: 'instance', channel: '+convert-to-slave', type: 'slave', addr: '127.0.0.1:17001', master: 'mym' },
    ],
    ['+role-change', 'master mym 127.0.0.1 17001 new reported role is slave', { kind: 'instance', channel: '+role-change', type: 'master', addr: '127.0.0.1:17001', master: 'mym' }],
    ['+switch-master', 'v6 ::1 7000 ::1 7001', { kind: 'switch-master', master: 'v6', from: '[::1]:7000', to: '[::1]:7001' }],
  ])('%s %s', (channel, message, event) => {
    expect(parseSentinelMessage(channel, message)).toEqual(event);
  });

  it.each([
    ['+switch-master', 'mym 127.0.0.1 17001'],
    ['+switch-master', 'mym 127.0.0.1 x 127.0.0.1 17002'],
    ['+sdown', 'master mym 127.0.0.1 17001'],
    ['+role-change', 'slave 127.0.0.1:1 127.0.0.1'],
  ])('ignores %s %s', (channel, message) => {
    expect(parseSentinelMessage(channel, message)).toBeUndefined();
  });
});

describe('followed', () => {
  const e = { kind: 'switch-master', master: 'a', from: 'x:1', to: 'y:1' } as const;
  it('follows every master when none is listed, else only the listed ones', () => {
    expect(followed(e, [])).toBe(true);
    expect(followed(e, ['a'])).toBe(true);
    expect(followed(e, ['b'])).toBe(false);
  });
});
