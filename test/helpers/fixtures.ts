// Reads the captured server output in test/fixtures and builds capabilities from it.
import { readFileSync } from 'node:fs';
import { capabilitiesFromDocs, parseInfoServer, type Capabilities } from '../../src/kill/plan/capabilities.js';

/**
 * The builds whose real output is in test/fixtures: five from the shared capture, and the packaged
 * servers of CI's matrix captured by test/servers/capture-fixtures.mjs.
 */
export const CAPTURED = [
  'redis-7.0.15',
  'redis-7.4.1',
  'redis-8.0-m01',
  'redis-8.0.2',
  'redis-8.0.6',
  'valkey-7.2.7',
  'valkey-8.0.1',
  'valkey-8.1.1',
  'valkey-9.1.2',
] as const;
export type Captured = (typeof CAPTURED)[number];

export const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** Capabilities as probeServer would learn them: INFO server plus COMMAND DOCS client|kill. */
export const capturedCaps = (server: Captured): Capabilities => {
  const info = parseInfoServer(fixture(`${server}.info-server.txt`));
  const caps = capabilitiesFromDocs(JSON.parse(fixture(`${server}.command-docs-client-kill.json`)), info);
  if (!caps) throw new Error(`${server}: COMMAND DOCS fixture has no argument tree`);
  return caps;
};
