// Reading cluster topologies: CLUSTER SHARDS replies (Redis 7.0 and Valkey 9.1 shapes, captured from real
// servers before and after a failover) and CLUSTER NODES text, down to each node's address, role, primary,
// slots and health; and what the daemon takes from them (targets, reported roles, joins and leaves).
import { describe, expect, it } from 'vitest';
import { parseClusterNodes, parseClusterShards, type ClusterNode } from '../../../src/daemon/cluster/cluster-nodes.js';
import { clusterTargets, membershipChange, reportedRole, withClusterTargets } from '../../../src/daemon/cluster/cluster-targets.js';

const node = (id: string, port: number, role: string, health: string) => ['id', id, 'port', port, 'ip', '127.0.0.1', 'endpoint', '127.0.0.1', 'role', role, 'replication-offset', 14, 'health', health];

// Redis 7.0.15 after SIGSTOP of the primary of 0-5460: the failed primary is a shard of its own, without slots.
const redisShards = [
  ['slots', [0, 5460], 'nodes', [node('c64f', 33229, 'master', 'online')]],
  ['slots', [], 'nodes', [node('0c75', 38723, 'master', 'fail')]],
  ['slots', [5461, 10922], 'nodes', [node('0f4d', 38465, 'master', 'online'), node('c8e5', 35471, 'replica', 'loading')]],
];
// Valkey 9.1.2, the same moment: the failed primary stays in its shard (shard ids), listed first.
const valkeyShards = [
  ['slots', [0, 5460], 'nodes', [node('b3cd', 32859, 'master', 'fail'), node('fed2', 39681, 'master', 'online')], 'id', '672d'],
  ['slots', [5461, 10922, 12000, 12000], 'nodes', [node('7e59', 38777, 'master', 'online'), node('9e75', 39845, 'replica', 'online')], 'id', '9d39'],
];

const nodesText = [
  'c64f 127.0.0.1:33229@43229 master - 0 1796182650650 7 connected 0-5460',
  '0c75 127.0.0.1:38723@48723 master,fail - 1796182648526 1796182648008 1 connected',
  '0f4d 127.0.0.1:38465@48465 myself,master - 0 0 2 connected 5461-10922 12000 [12001->-0f4e]',
  'c8e5 127.0.0.1:35471@45471,node-4.example slave 0f4d 0 1796182650650 2 connected',
  'aaaa [::1]:7000@17000 slave,fail? 0f4d 0 1 2 disconnected',
  'bbbb :0@0 master,noaddr - 0 1 0 disconnected',
  '',
].join('\n');

describe('parseClusterShards', () => {
  it.each([
    [
      'Redis 7.0: failed primary in a shard of its own',
      redisShards,
      [
        { id: 'c64f', addr: '127.0.0.1:33229', role: 'master', slots: ['0-5460'], health: 'online' },
        { id: '0c75', addr: '127.0.0.1:38723', role: 'master', slots: [], health: 'failed' },
        { id: '0f4d', addr: '127.0.0.1:38465', role: 'master', slots: ['5461-10922'], health: 'online' },
        { id: 'c8e5', addr: '127.0.0.1:35471', role: 'replica', of: '127.0.0.1:38465', slots: [], health: 'loading' },
      ],
    ],
    [
      'Valkey 9.1: failed primary kept in its shard, single slots as one number',
      valkeyShards,
      [
        { id: 'b3cd', addr: '127.0.0.1:32859', role: 'master', slots: [], health: 'failed' },
        { id: 'fed2', addr: '127.0.0.1:39681', role: 'master', slots: ['0-5460'], health: 'online' },
        { id: '7e59', addr: '127.0.0.1:38777', role: 'master', slots: ['5461-10922', '12000'], health: 'online' },
        { id: '9e75', addr: '127.0.0.1:39845', role: 'replica', of: '127.0.0.1:38777', slots: [], health: 'online' },
      ],
    ],
    ['no shards', [], []],
    ['a node without an address is left out', [['slots', [], 'nodes', [['id', 'x', 'port', 7000, 'ip', '?', 'endpoint', '?', 'role', 'master', 'health', 'online']]]], []],
    ['IPv6 addresses in brackets', [['slots', [0, 1], 'nodes', [['id', 'v6', 'port', 7000, 'ip', '::1', 'role', 'master', 'health', 'online']]]], [{ id: 'v6', addr: '[::1]:7000', role: 'master', slots: ['0-1'], health: 'online' }]],
  ])('%s', (_, reply, expected) => {
    expect(parseClusterShards(reply)).toEqual(expected);
  });

  it('refuses a reply that is not a list', () => {
    expect(() => parseClusterShards('ERR')).toThrow(/not an array/);
  });
});

describe('parseClusterNodes', () => {
  it('reads addresses (with cluster bus port and hostname), roles, primaries, slot ranges and health; skips migrations and nodes without an address', () => {
    expect(parseClusterNodes(nodesText)).toEqual([
      { id: 'c64f', addr: '127.0.0.1:33229', role: 'master', slots: ['0-5460'], health: 'online' },
      { id: '0c75', addr: '127.0.0.1:38723', role: 'master', slots: [], health: 'failed' },
      { id: '0f4d', addr: '127.0.0.1:38465', role: 'master', slots: ['5461-10922', '12000'], health: 'online' },
      { id: 'c8e5', addr: '127.0.0.1:35471', role: 'replica', of: '127.0.0.1:38465', slots: [], health: 'online' },
      { id: 'aaaa', addr: '[::1]:7000', role: 'replica', of: '127.0.0.1:38465', slots: [], health: 'failed' },
    ]);
  });

  it('reads the pre-7.0 form without a cluster bus port', () => {
    expect(parseClusterNodes('abcd 10.0.0.1:6379 myself,master - 0 0 1 connected 0-16383')).toEqual([
      { id: 'abcd', addr: '10.0.0.1:6379', role: 'master', slots: ['0-16383'], health: 'online' },
    ]);
  });
});

describe('what the daemon takes from a topology', () => {
  const nodes = parseClusterShards(valkeyShards);

  it('names each node <cluster>/<host:port>, with the seeds\' TLS', () => {
    const t = clusterTargets('cache', nodes.slice(1, 2), true);
    expect(t).toEqual([{ name: 'cache/127.0.0.1:39681', addr: '127.0.0.1:39681', cluster: 'cache', target: { kind: 'tcp', host: '127.0.0.1', port: 39681, tls: true } }]);
  });

  it('lets configured and Sentinel-discovered targets keep an address, and lists each node once', () => {
    const configured = [{ name: 'pinned', addr: '127.0.0.1:39681', target: { kind: 'tcp' as const, host: '127.0.0.1', port: 39681, tls: false } }];
    const merged = withClusterTargets(configured, [...clusterTargets('a', nodes, false), ...clusterTargets('b', nodes, false)]);
    expect(merged.map((t) => t.name)).toEqual(['pinned', 'a/127.0.0.1:32859', 'a/127.0.0.1:38777', 'a/127.0.0.1:39845']);
  });

  it.each<[string, ClusterNode, ReturnType<typeof reportedRole>]>([
    ['a primary with slots is a master', nodes[1]!, { kind: 'master' }],
    ['a replica is a replica of its primary', nodes[3]!, { kind: 'replica', of: '127.0.0.1:38777' }],
    ['a failed master without slots says nothing (its return is seen by polling it)', nodes[0]!, undefined],
    ['a replica without a known primary says nothing', { id: 'r', addr: 'h:1', role: 'replica', slots: [], health: 'online' }, undefined],
  ])('reported role: %s', (_, n, role) => {
    expect(reportedRole(n)).toEqual(role);
  });

  it('tells joins and leaves apart', () => {
    expect(membershipChange(nodes.slice(0, 3), nodes.slice(1))).toEqual({ joined: ['127.0.0.1:39845'], left: ['127.0.0.1:32859'] });
  });
});
