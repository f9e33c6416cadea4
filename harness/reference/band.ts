import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MedgradeError } from '../errors.js';
import { referenceSchema, type MetricSummary, type ReferenceFile } from '../schema/reference.js';

/** Metrics that are proportions of test examples, so their sampling variance is binomial. */
const PROPORTIONS = new Set(['accuracy', 'sensitivity', 'specificity', 'precision', 'balanced_accuracy']);

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
 * repeated runs and the test-set size, not a fixed percentage); z = 1.96.
 * Other metrics use the band stored in the reference file.
 */
export function bandFor(metric: string, summary: MetricSummary, n: number | null): { low: number; high: number } {
  if (!PROPORTIONS.has(metric) || !n) return summary.band;
  const p = Math.min(Math.max(summary.mean, 0), 1);
  const sd = Math.sqrt(summary.std ** 2 + (p * (1 - p)) / n);
  return { low: Math.max(0, summary.mean - 1.96 * sd), high: Math.min(1, summary.mean + 1.96 * sd) };
}
