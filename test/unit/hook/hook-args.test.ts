// Table tests of the pure hook argv parser: Sentinel's seven arguments and the two flags, and every bad input's exit-2 error.
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/errors.js';
import { HookUsageError } from '../../../src/hook/errors.js';
import { parseHookArgs } from '../../../src/hook/hook-args.js';
import { thrown } from '../../helpers/thrown.js';

const SENTINEL = ['mymaster', 'leader', 'start', '10.0.0.5', '6379', '10.0.0.6', '6380'];

describe('parseHookArgs', () => {
  it.each([
    [SENTINEL, { masterName: 'mymaster', role: 'leader', from: '10.0.0.5:6379', to: '10.0.0.6:6380', leaderOnly: false }],
    [[...SENTINEL, '-c', '/etc/x.yaml', '--leader-only'], { configFlag: '/etc/x.yaml', leaderOnly: true }],
    [['--config', 'a.yaml', ...SENTINEL], { configFlag: 'a.yaml' }],
    [[...SENTINEL, '--config=b.yaml'], { configFlag: 'b.yaml' }],
    [['m', 'observer', 'start', '::1', '7000', 'fe80::1', '7001'], { role: 'observer', from: '[::1]:7000', to: '[fe80::1]:7001' }],
    [['m', 'leader', 'start', 'redis-a.local', '1', 'redis-b.local', '65535'], { from: 'redis-a.local:1', to: 'redis-b.local:65535' }],
  ])('%j', (argv, expected) => {
    expect(parseHookArgs(argv)).toMatchObject(expected);
  });

  it.each([
    [[], /expected 7 arguments, got 0/],
    [SENTINEL.slice(0, 6), /expected 7 arguments, got 6/],
    [[...SENTINEL, 'extra'], /expected 7 arguments, got 8/],
    [['m', 'boss', ...SENTINEL.slice(2)], /<role> 'boss' is not one of leader, observer/],
    [['m', 'leader', 'end', ...SENTINEL.slice(3)], /<state> 'end' is not 'start'/],
    [['m', 'leader', 'start', '10.0.0.5', '0', '10.0.0.6', '6380'], /<from-port> '0' is not a port/],
    [['m', 'leader', 'start', '10.0.0.5', '6379', '10.0.0.6', '70000'], /<to-port> '70000' is not a port/],
    [['m', 'leader', 'start', '10.0.0.5', 'x', '10.0.0.6', '6380'], /<from-port> 'x'/],
    [['m', 'leader', 'start', '10.0.0.5/8', '6379', '10.0.0.6', '6380'], /<from-ip> '10.0.0.5\/8' is not an IP/],
    [['m', 'leader', 'start', '10.0.0.5', '6379', './sock', '6380'], /<to-ip> '.\/sock' is not an IP/],
    [[' ', ...SENTINEL.slice(1)], /<master-name> is empty/],
    [[...SENTINEL, '-c'], /-c\/--config needs a file/],
    [[...SENTINEL, '--config='], /--config needs a file/],
    [[...SENTINEL, '--dry-run'], /unknown option '--dry-run'; accepted: -c\/--config FILE, --leader-only/],
  ])('%j is refused', (argv, message) => {
    const err = thrown(() => parseHookArgs(argv));
    expect(err).toBeInstanceOf(HookUsageError);
    expect((err as HookUsageError).exitCode).toBe(EXIT.hookFatal);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain('usage: reconf-agent hook <master-name>');
  });
});
