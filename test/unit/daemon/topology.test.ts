// Sentinel discovery replies -> addresses, the merged target set, and how discovered instances are kept through a failover.
import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../../src/target/target.js';
import { foldDiscovery, knownAsDiscovered, mergeTargets, parseMasterAddr, parseReplicas } from '../../../src/daemon/topology.js';

// The shape of `SENTINEL REPLICAS mym` from redis-server 7.0.15 --sentinel (RESP2), shortened.
const replicasReply = [
  ['name', '127.0.0.1:17002', 'ip', '127.0.0.1', 'port', '17002', 'runid', '03a8', 'flags', 'slave', 'master-host', '127.0.0.1', 'master-port', '17001'],
  ['name', '127.0.0.1:17003', 'ip', '127.0.0.1', 'port', '17003', 'flags', 's_down,slave,disconnected'],
];

describe('discovery replies', () => {
  it('reads GET-MASTER-ADDR-BY-NAME', () => {
    expect(parseMasterAddr(['127.0.0.1', '17001'])).toBe('127.0.0.1:17001');
    expect(parseMasterAddr(null)).toBeUndefined();
    expect(parseMasterAddr(['127.0.0.1'])).toBeUndefined();
  });
  it('reads SENTINEL REPLICAS, down replicas included (they may come back)', () => {
    expect(parseReplicas(replicasReply)).toEqual(['127.0.0.1:17002', '127.0.0.1:17003']);
    expect(parseReplicas('garbage')).toEqual([]);
    expect(parseReplicas([['name', 'x', 'ip', 'h']])).toEqual([]);
  });
});

describe('mergeTargets', () => {
  const configured = [{ name: 'primary', target: parseTarget('redis://u:pw@127.0.0.1:17001') }];
  it('keeps configured names and credentials, adds discovered addresses once', () => {
    const out = mergeTargets(configured, [{ master: 'mym', addrs: ['127.0.0.1:17001', '127.0.0.1:17002', '127.0.0.1:17002'] }], false);
    expect(out.map((t) => [t.name, t.addr, t.master])).toEqual([
      ['primary', '127.0.0.1:17001', undefined],
      ['127.0.0.1:17002', '127.0.0.1:17002', 'mym'],
    ]);
    expect(out[0]!.target).toMatchObject({ username: 'u', password: 'pw' });
  });
  it('discovered instances use TLS when the Sentinel does', () => {
    expect(mergeTargets([], [{ master: 'm', addrs: ['h:1'] }], true)[0]!.target).toMatchObject({ tls: true });
  });
});

describe('foldDiscovery', () => {
  const forget = 60_000;
  it('keeps an instance a mid-failover answer leaves out, until forgetMs has passed', () => {
    let known = foldDiscovery(new Map(), [{ master: 'm', addrs: ['a:1', 'b:1'] }], 0, forget);
    known = foldDiscovery(known, [{ master: 'm', addrs: ['b:1'] }], 1000, forget);
    expect([...known.keys()].sort()).toEqual(['a:1', 'b:1']);
    known = foldDiscovery(known, [{ master: 'm', addrs: ['b:1'] }], 61_000, forget);
    expect([...known.keys()]).toEqual(['b:1']);
  });
  it('groups known instances back by master', () => {
    const known = foldDiscovery(new Map(), [{ master: 'm', addrs: ['a:1', 'b:1'] }, { master: 'n', addrs: ['c:1'] }], 0, forget);
    expect(knownAsDiscovered(known)).toEqual([
      { master: 'm', addrs: ['a:1', 'b:1'] },
      { master: 'n', addrs: ['c:1'] },
    ]);
  });
});
