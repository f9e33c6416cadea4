import type { Finding } from '../schema/finding.js';
import type { Result } from '../schema/result.js';
import type { Rubric } from '../rubric/schema.js';
import type { ReferenceFile } from '../schema/reference.js';
import { bandFor } from '../reference/band.js';
import { scoreCriteria, type Scored } from '../rubric/score.js';
import { binaryConfusion } from '../metrics/confusion.js';
import { accuracy, f1, sensitivity, specificity } from '../metrics/classification.js';
import { rocAuc, rocCurve } from '../metrics/roc.js';

export interface Measured {
  metrics: Record<string, number | null>;
  confusion: Result['confusion'];
  roc: { fpr: number[]; tpr: number[] } | null;
  n: number;
}

/**
 * Scores predictions against the hidden labels. Images without a usable
 * prediction count as wrong (probability 1 - label), so a partial file can never
 * score better than a complete one.
 */
export function measureBinary(rubric: Rubric, labels: Map<string, string>, predictions: Map<string, number> | null): Measured {
  const positive = rubric.task.positiveClass ?? rubric.task.classes.at(-1)!;
  const names = [...labels.keys()].sort();
  if (!predictions) {
    return { metrics: Object.fromEntries(rubric.metrics.map((m) => [m, null])), confusion: null, roc: null, n: names.length };
  }
  const yTrue = names.map((n) => (labels.get(n) === positive ? 1 : 0));
  const yScore = names.map((n, i) => predictions.get(n) ?? 1 - yTrue[i]!);
  const yPred = yScore.map((p) => (p >= rubric.task.threshold ? 1 : 0));
  const cm = binaryConfusion(yTrue, yScore, rubric.task.threshold);
  const both = yTrue.includes(0) && yTrue.includes(1);
  const all: Record<string, number | null> = {
    accuracy: accuracy(yTrue, yPred),
    sensitivity: sensitivity(yTrue, yPred),
    specificity: specificity(yTrue, yPred),
    f1: f1(yTrue, yPred),
    roc_auc: both ? rocAuc(yTrue, yScore) : null,
  };
  const roc = both ? rocCurve(yTrue, yScore) : null;
  const metrics = Object.fromEntries(rubric.metrics.map((m) => [m, all[m] ?? null]));
  return { metrics, confusion: cm, roc: roc ? { fpr: [...roc.fpr], tpr: [...roc.tpr] } : null, n: names.length };
}

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
