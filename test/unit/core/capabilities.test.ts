// Unit tests of capability detection: INFO server and COMMAND DOCS client|kill from every captured server, and the version table.
import { describe, expect, it } from 'vitest';
import {
  capabilitiesFromDocs,
  capabilitiesFromVersion,
  compareVersions,
  parseInfoServer,
  supportsToken,
  type Capabilities,
  type ServerInfo,
} from '../../../src/kill/plan/capabilities.js';
import { CAPTURED, capturedCaps, fixture, type Captured } from '../../helpers/fixtures.js';

const tokens = (caps: Capabilities): string[] => [...caps.killTokens].sort();

describe('parseInfoServer on every captured INFO server', () => {
  it.each<[Captured, ServerInfo]>([
    ['redis-7.0.15', { flavor: 'redis', version: '7.0.15', runId: 'f960db75fca2e6dc8f48df6628ff9a8200838d99' }],
    ['redis-7.4.1', { flavor: 'redis', version: '7.4.1', runId: 'd22ac1755021791a55ba34d41aa26d4c0ebf90eb' }],
    ['redis-8.0-m01', { flavor: 'redis', version: '7.9.224', runId: '9cacaa4145a976df5fa39fd3313d630c99b0b9bf' }],
    ['valkey-7.2.7', { flavor: 'valkey', version: '7.2.7', runId: 'd03d39d6d887170f2f6dea55e02bc6be6fa378d8' }],
    ['valkey-8.0.1', { flavor: 'valkey', version: '8.0.1', runId: '358b865ff3cd0be64f0cba2640adfebed4600121' }],
    ['redis-8.0.2', { flavor: 'redis', version: '8.0.2', runId: '88a4a0ae1647e1cbf4f836f8dd2ccf0e4962b567' }],
    ['redis-8.0.6', { flavor: 'redis', version: '8.0.6', runId: '9d33500e835056aedd6737271a0ec0ae17751f2f' }],
    ['valkey-8.1.1', { flavor: 'valkey', version: '8.1.1', runId: 'b59fdcb3043ca1da1440710225b32a9a35bd6423' }],
    ['valkey-9.1.2', { flavor: 'valkey', version: '9.1.2', runId: 'e90df6d43d6203d2f7399ad0f1fda5453b76ea4b' }],
  ])('%s', (server, expected) => {
    expect(parseInfoServer(fixture(`${server}.info-server.txt`))).toStrictEqual(expected);
  });

  it('reads Dragonfly from dragonfly_version, not its compatibility redis_version', () => {
    expect(parseInfoServer(fixture('dragonfly.info-server.txt'))).toStrictEqual({ flavor: 'dragonfly', version: '1.25.1' });
  });

  it('reads Valkey from server_name when valkey_version is missing, and KeyDB from its own fields', () => {
    expect(parseInfoServer('redis_version:7.2.4\r\nserver_name:valkey\r\n')).toStrictEqual({ flavor: 'valkey', version: '7.2.4' });
    expect(parseInfoServer('# Server\r\nredis_version:6.3.4\r\nmvcc-depth:0\r\n')).toStrictEqual({ flavor: 'keydb', version: '6.3.4' });
  });
});

describe('capabilitiesFromDocs on every captured COMMAND DOCS client|kill', () => {
  it.each<[Captured, string[], { skipme: boolean; multiId: boolean; flavor: string; listByType: boolean }]>([
    ['redis-7.0.15', ['ADDR', 'ID', 'LADDR', 'TYPE', 'USER'], { skipme: true, multiId: false, flavor: 'redis', listByType: true }],
    ['redis-7.4.1', ['ADDR', 'ID', 'LADDR', 'MAXAGE', 'TYPE', 'USER'], { skipme: true, multiId: false, flavor: 'redis', listByType: true }],
    ['redis-8.0-m01', ['ADDR', 'ID', 'LADDR', 'MAXAGE', 'TYPE', 'USER'], { skipme: true, multiId: false, flavor: 'redis', listByType: true }],
    ['valkey-7.2.7', ['ADDR', 'ID', 'LADDR', 'TYPE', 'USER'], { skipme: true, multiId: false, flavor: 'valkey', listByType: true }],
    ['valkey-8.0.1', ['ADDR', 'ID', 'LADDR', 'MAXAGE', 'TYPE', 'USER'], { skipme: true, multiId: false, flavor: 'valkey', listByType: true }],
    ['redis-8.0.2', ['ADDR', 'ID', 'LADDR', 'MAXAGE', 'TYPE', 'USER'], { skipme: true, multiId: false, flavor: 'redis', listByType: true }],
    ['redis-8.0.6', ['ADDR', 'ID', 'LADDR', 'MAXAGE', 'TYPE', 'USER'], { skipme: true, multiId: false, flavor: 'redis', listByType: true }],
    ['valkey-8.1.1', ['ADDR', 'ID', 'LADDR', 'MAXAGE', 'TYPE', 'USER'], { skipme: true, multiId: true, flavor: 'valkey', listByType: true }],
    [
      'valkey-9.1.2',
      ['ADDR', 'CAPA', 'DB', 'FLAGS', 'ID', 'IDLE', 'IP', 'LADDR', 'LIB-NAME', 'LIB-VER', 'MAXAGE', 'NAME', 'NOT-ADDR', 'NOT-CAPA', 'NOT-DB', 'NOT-FLAGS', 'NOT-ID', 'NOT-IP', 'NOT-LADDR', 'NOT-LIB-NAME', 'NOT-LIB-VER', 'NOT-NAME', 'NOT-TYPE', 'NOT-USER', 'TYPE', 'USER'],
      { skipme: true, multiId: true, flavor: 'valkey', listByType: true },
    ],
  ])('%s', (server, expectedTokens, expected) => {
    const caps = capturedCaps(server);
    expect(tokens(caps)).toEqual(expectedTokens);
    expect(caps).toMatchObject({ ...expected, singleFilter: false, flagsNBug: false, source: 'command-docs' });
  });

  it('agrees with the version table for every captured server (the table is the fallback)', () => {
    for (const server of CAPTURED) {
      const fromDocs = capturedCaps(server);
      const fromTable = capabilitiesFromVersion(parseInfoServer(fixture(`${server}.info-server.txt`)));
      expect({ ...fromTable, source: 'command-docs' }, server).toStrictEqual(fromDocs);
    }
  });

  it('reads ID\'s multiple flag and keeps only the tokens it knows (a synthetic tree: an unknown FROB, no SKIPME)', () => {
    const docs = [
      'client|kill',
      ['summary', 'Kill', 'arguments', [['name', 'filter', 'type', 'oneof', 'arguments', [
        ['name', 'client-id', 'type', 'integer', 'token', 'ID', 'flags', ['optional', 'multiple']],
        ['name', 'idle', 'type', 'integer', 'token', 'IDLE', 'flags', ['optional']],
        ['name', 'not-user', 'type', 'string', 'token', 'NOT-USER', 'flags', ['optional']],
        ['name', 'frob', 'type', 'string', 'token', 'FROB'],
      ]]]],
    ];
    const caps = capabilitiesFromDocs(docs, { flavor: 'valkey', version: '9.1.0' })!;
    expect(caps.multiId).toBe(true);
    expect(caps.skipme).toBe(false);
    expect(tokens(caps)).toEqual(['ID', 'IDLE', 'NOT-USER']);
  });

  it('returns undefined for a reply without an argument tree (no COMMAND DOCS)', () => {
    expect(capabilitiesFromDocs(undefined, { flavor: 'redis', version: '6.2.0' })).toBeUndefined();
    expect(capabilitiesFromDocs([], { flavor: 'redis', version: '6.2.0' })).toBeUndefined();
    expect(capabilitiesFromDocs('ERR unknown subcommand', { flavor: 'redis', version: '6.2.0' })).toBeUndefined();
  });
});

describe('capabilitiesFromVersion (servers without fixtures)', () => {
  const caps = (flavor: ServerInfo['flavor'], version: string) => capabilitiesFromVersion({ flavor, version });

  it('Redis 5 has no USER filter (added in 6.0)', () => {
    expect(tokens(caps('redis', '5.0.14'))).toEqual(['ADDR', 'ID', 'TYPE']);
  });

  it('Redis 6.0 has no LADDR; 6.2 adds it', () => {
    expect(tokens(caps('redis', '6.0.20'))).toEqual(['ADDR', 'ID', 'TYPE', 'USER']);
    expect(tokens(caps('redis', '6.2.14'))).toEqual(['ADDR', 'ID', 'LADDR', 'TYPE', 'USER']);
  });

  it('Valkey 8.1 takes several ids; 9.0 adds the newer filters with the FLAGS N bug; 9.1 adds NOT- forms', () => {
    expect(caps('valkey', '8.1.1')).toMatchObject({ multiId: true, flagsNBug: false });
    expect(tokens(caps('valkey', '8.1.1'))).toEqual(['ADDR', 'ID', 'LADDR', 'MAXAGE', 'TYPE', 'USER']);
    const v9 = caps('valkey', '9.0.0');
    expect(v9).toMatchObject({ multiId: true, flagsNBug: true });
    expect(tokens(v9)).toEqual(['ADDR', 'CAPA', 'DB', 'FLAGS', 'ID', 'IDLE', 'IP', 'LADDR', 'LIB-NAME', 'LIB-VER', 'MAXAGE', 'NAME', 'TYPE', 'USER']);
    expect(supportsToken(v9, 'user', true)).toBe(false);
    const v91 = caps('valkey', '9.1.0');
    expect(v91.flagsNBug).toBe(false);
    for (const t of ['ID', 'TYPE', 'USER', 'ADDR', 'LADDR', 'NAME', 'FLAGS', 'LIB-NAME', 'LIB-VER', 'DB', 'CAPA', 'IP']) {
      expect(v91.killTokens.has(`NOT-${t}`), t).toBe(true);
    }
    expect(v91.killTokens.has('NOT-IDLE')).toBe(false);
    expect(v91.killTokens.has('NOT-MAXAGE')).toBe(false);
  });

  it('Dragonfly: one filter per call, ID/ADDR/LADDR only, no SKIPME, no TYPE, no CLIENT LIST TYPE', () => {
    expect(caps('dragonfly', '1.25.1')).toMatchObject({ singleFilter: true, skipme: false, multiId: false, listByType: false });
    expect(tokens(caps('dragonfly', '1.25.1'))).toEqual(['ADDR', 'ID', 'LADDR']);
  });

  it('KeyDB 6.3 is Redis 6.2', () => {
    expect(tokens(caps('keydb', '6.3.4'))).toEqual(tokens(caps('redis', '6.2.0')));
  });

  it('compareVersions compares numerically', () => {
    expect(compareVersions('7.10.0', '7.9.224')).toBe(1);
    expect(compareVersions('8.0', '8.0.0')).toBe(0);
    expect(compareVersions('6.2.14', '7.0')).toBe(-1);
  });
});
