import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bandFor } from '../../../../harness/reference/band.js';
import { loadRubric } from '../../../../harness/rubric/load.js';
import { referenceSchema } from '../../../../harness/schema/reference.js';
import { PROJECT_ROOT } from '../../../../harness/version.js';
import { splitCounts } from '../../../../reference/data/covid-synthetic/index.js';

const path = join(PROJECT_ROOT, 'reference', 'results', 'covid-xray.json');

describe('reference/results/covid-xray.json', () => {
  it('validates, has at least 3 seeds, the rubric metrics and the hidden test-set size', () => {
    expect(existsSync(path)).toBe(true);
    const ref = referenceSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    const { rubric } = loadRubric(join(PROJECT_ROOT, 'rubrics', 'covid.yaml'));
    expect(ref.id).toBe(rubric.reference.id);
    expect(ref.config).toBe('small');
    expect(ref.synthetic).toBe(true);
    expect(ref.provenance.seeds.length).toBeGreaterThanOrEqual(3);
    const counts = splitCounts(rubric.task.datasetOptions['count'] as number).test;
    const n = counts.COVID + counts.Normal;
    expect(ref.perExampleErrorRate?.length).toBe(n);
    for (const metric of rubric.metrics) {
      const m = ref.metrics[metric];
      expect(m, metric).toBeDefined();
      expect(m!.seeds).toBe(ref.provenance.seeds.length);
      expect(m!.n).toBe(n);
      expect(m!.band.low).toBeLessThanOrEqual(m!.mean);
      expect(m!.band.high).toBeGreaterThanOrEqual(m!.mean);
      const b = bandFor(metric, m!, n);
      expect(b.low).toBeLessThanOrEqual(m!.mean);
    }
  });
});
