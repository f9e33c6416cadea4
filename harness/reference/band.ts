import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MedgradeError } from '../errors.js';
import { referenceSchema, type MetricSummary, type ReferenceFile } from '../schema/reference.js';

import { BAND_Z, binomialVariance, PROPORTION_METRICS } from '../../reference/registry/band.js';

export function loadReference(dir: string, id: string): ReferenceFile | null {
  const path = join(dir, `${id}.json`);
  if (!existsSync(path)) return null;
  const parsed = referenceSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new MedgradeError('E_REFERENCE_INVALID', `reference file does not match its schema: ${parsed.error.issues[0]?.message}`, path);
  }
  return parsed.data;
}

/**
 * The band a student's metric is compared against, for a test set of `n` examples.
 * For proportions, the band combines the reference's seed variance with the
 * binomial variance of a test set of this size (shared/FACTS.md: bands come from
 * repeated runs and the test-set size, not a fixed percentage).
 * Other metrics use the band stored in the reference file.
 */
export function bandFor(metric: string, summary: MetricSummary, n: number | null): { low: number; high: number } {
  if (!PROPORTION_METRICS.has(metric) || !n) return summary.band;
  // The same formula the registry uses to make the band, at this test set's size.
  const sd = Math.sqrt(summary.std ** 2 + binomialVariance(summary.mean, n));
  return { low: Math.max(0, summary.mean - BAND_Z * sd), high: Math.min(1, summary.mean + BAND_Z * sd) };
}
