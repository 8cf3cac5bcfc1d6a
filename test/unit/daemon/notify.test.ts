// systemd notification messages and watchdog interval, without systemd: what is sent, in order, and when nothing is.
import { describe, expect, it } from 'vitest';
import { notifyArgs, systemdNotifier, watchdogIntervalMs } from '../../../src/systemd/notify.js';

describe('systemdNotifier', () => {
  it('is a no-op without NOTIFY_SOCKET', async () => {
    const sent: string[][] = [];
    const n = systemdNotifier({}, undefined, async (a) => void sent.push([...a]));
    n.ready();
    n.stopping();
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual([]);
  });

  it('sends the messages in order, naming this process as the main PID', async () => {
    const sent: string[][] = [];
    const n = systemdNotifier({ NOTIFY_SOCKET: '/run/x' }, undefined, async (a) => {
      await new Promise((r) => setTimeout(r, 5 - sent.length)); // later calls finish sooner: order must still hold
      sent.push([...a]);
    });
    n.ready('watching 2 targets');
    n.reloading();
    n.ready();
    n.watchdog();
    n.stopping();
    await n.flush();
    const pid = `--pid=${process.pid}`;
    expect(sent.map((a) => a.filter((x) => !x.startsWith('MONOTONIC_USEC=')))).toEqual([
      [pid, 'READY=1', 'STATUS=watching 2 targets'],
      [pid, 'RELOADING=1'],
      [pid, 'READY=1'],
      [pid, 'WATCHDOG=1'],
      [pid, 'STOPPING=1'],
    ]);
    expect(sent[1]!.some((x) => /^MONOTONIC_USEC=\d+$/.test(x))).toBe(true);
  });

  it('builds systemd-notify arguments', () => {
    expect(notifyArgs(42, 'READY=1')).toEqual(['--pid=42', 'READY=1']);
  });
});

describe('watchdogIntervalMs', () => {
  it.each([
    [{}, undefined],
    [{ WATCHDOG_USEC: '30000000' }, 15000],
    [{ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '7' }, 15000],
    [{ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '8' }, undefined],
    [{ WATCHDOG_USEC: 'x' }, undefined],
    [{ WATCHDOG_USEC: '0' }, undefined],
  ])('%j -> %s', (env, ms) => {
    expect(watchdogIntervalMs(env, 7)).toBe(ms);
  });
});
