// The reference docs match the code: every config key of the schema (with its default) is in docs/config.md,
// and every metric the daemon registers is in docs/metrics.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schema } from '../../../src/config/schema.js';
import { createMetrics } from '../../../src/metrics/metrics.js';

const doc = (name: string) => readFileSync(new URL(`../../../docs/${name}`, import.meta.url), 'utf8');

/** Leaf keys of the convict schema with their defaults: [['watch.pollIntervalMs', 1000], ...]. */
const leaves = (node: Record<string, unknown>, prefix = ''): [string, unknown][] =>
  Object.entries(node).flatMap(([k, v]) => {
    const spec = v as Record<string, unknown>;
    return 'default' in spec ? [[prefix + k, spec.default] as [string, unknown]] : leaves(spec, `${prefix}${k}.`);
  });

describe('docs/config.md', () => {
  const text = doc('config.md');
  it.each(leaves(schema))('documents %s with its default', (key, def) => {
    const shown = Array.isArray(def) ? '`[]`' : def === '' ? '`""`' : `\`${String(def)}\``;
    const row = text.split('\n').find((l) => l.startsWith(`| \`${key}\``));
    const section = new RegExp(`## ${key}\\b[^#]*?Default ${shown.replace(/[[\]]/g, '\\$&')}`);
    expect(row?.includes(shown) || section.test(text), `${key} with default ${shown}`).toBe(true);
  });
});

describe('docs/metrics.md', () => {
  it('lists every metric with its labels', async () => {
    const text = doc('metrics.md');
    const metrics = (await createMetrics().registry.getMetricsAsJSON()) as { name: string }[];
    for (const m of metrics) expect(text, m.name).toContain(`| \`${m.name}\` |`);
  });
});
