import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry, readReferenceFiles } from '../../../reference/registry/index.js';
import { loadRubric } from '../../../harness/rubric/load.js';

/**
 * The committed reference/results/ against the registry and the rubrics: every registered id has a
 * `small` file with at least 3 seeds, and every rubric's metrics exist in the reference it names,
 * so no rubric grades against a band that is silently missing.
 */
const ROOT = join(import.meta.dirname, '../../..');

const files = new Map(readReferenceFiles([join(ROOT, 'reference/results')]).map((f) => [f.id, f]));
const rubrics = readdirSync(join(ROOT, 'rubrics')).filter((f) => f.endsWith('.yaml')).map((f) => loadRubric(join(ROOT, 'rubrics', f)).rubric);

describe('committed reference results', () => {
  it.each(Object.keys(createRegistry()))('%s has a small result with at least 3 seeds', (id) => {
    const file = files.get(id);
    expect(file, `reference/results/${id}.json`).toBeDefined();
    expect(file!.config).toBe('small');
    expect(file!.provenance.seeds.length).toBeGreaterThanOrEqual(3);
    for (const [name, m] of Object.entries(file!.metrics)) {
      expect(m.seeds, name).toBe(file!.provenance.seeds.length);
      expect(m.band.low, name).toBeLessThanOrEqual(m.mean);
      expect(m.band.high, name).toBeGreaterThanOrEqual(m.mean);
    }
  });

  it.each(rubrics.map((r) => [r.id, r] as const))('rubric %s names a committed reference holding its metrics', (_, rubric) => {
    if (rubric.task.layout === 'artifacts') return expect(rubric.phases.predict).toBeUndefined();
    const file = files.get(rubric.reference.id);
    expect(file, `reference/results/${rubric.reference.id}.json`).toBeDefined();
    for (const metric of rubric.metrics) expect(Object.keys(file!.metrics), `${rubric.id}: ${metric}`).toContain(metric);
  });
});
