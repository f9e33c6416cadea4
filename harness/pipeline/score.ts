import type { Finding } from '../schema/finding.js';
import type { Result } from '../schema/result.js';
import type { Rubric } from '../rubric/schema.js';
import type { ReferenceFile } from '../schema/reference.js';
import { bandFor } from '../reference/band.js';
import { scoreCriteria, type Scored } from '../rubric/score.js';
import type { Measured } from '../tasks/types.js';

export type { Measured } from '../tasks/types.js';
/** Binary scoring moved behind the task kinds; re-exported for existing callers. */
export { measureBinary } from '../tasks/measure.js';

export interface ReferenceBands {
  /** One row per rubric metric, for result.reference.bands. */
  rows: Result['reference']['bands'];
  /** metric → band, only where the reference has the metric. */
  byMetric: Record<string, { low: number; high: number }>;
}

/** The reference band of every rubric metric, rescaled to the hidden test set's size. */
export function referenceBands(rubric: Rubric, measured: Measured, reference: ReferenceFile | null): ReferenceBands {
  const byMetric: ReferenceBands['byMetric'] = {};
  const rows: ReferenceBands['rows'] = [];
  for (const metric of rubric.metrics) {
    const summary = reference?.metrics[metric];
    const value = measured.metrics[metric] ?? null;
    if (!summary) {
      rows.push({ metric, value, low: null, high: null, mean: null, within: null });
      continue;
    }
    const band = bandFor(metric, summary, measured.n);
    byMetric[metric] = band;
    rows.push({ metric, value, ...band, mean: summary.mean, within: value === null ? null : value >= band.low && value <= band.high });
  }
  return { rows, byMetric };
}

export function scoreSubmission(rubric: Rubric, measured: Measured, bands: ReferenceBands, findings: Finding[], invalid: string | null): Scored {
  return scoreCriteria({ rubric, findings, metrics: measured.metrics, bands: bands.byMetric, invalid });
}
