/**
 * Aggregation of per-seed results into a MetricSummary with its tolerance band
 * (docs/REFERENCE.md). The band adds two variances: seed-to-seed (training randomness)
 * and test-set sampling (which examples happen to be in a test set of size n).
 */
import type { MetricSummary } from '../../harness/schema/reference.js';

/** Metrics that are proportions of test examples; kept equal to harness/reference/band.ts. */
export const PROPORTION_METRICS = new Set(['accuracy', 'sensitivity', 'specificity', 'precision', 'balanced_accuracy']);
export const BAND_Z = 1.96;

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (n-1); 0 for a single seed. */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Binomial variance of a proportion p measured on n examples. */
export function binomialVariance(p: number, n: number): number {
  const q = Math.min(Math.max(p, 0), 1);
  return (q * (1 - q)) / n;
}

/**
 * Hanley & McNeil (1982) variance of an ROC AUC measured on nPos positives and nNeg negatives:
 * (A(1-A) + (nPos-1)(Q1-A²) + (nNeg-1)(Q2-A²)) / (nPos·nNeg), Q1 = A/(2-A), Q2 = 2A²/(1+A).
 */
export function hanleyMcNeilVariance(auc: number, nPos: number, nNeg: number): number {
  if (nPos < 1 || nNeg < 1) return 0;
  const a = Math.min(Math.max(auc, 0), 1);
  const q1 = a / (2 - a), q2 = (2 * a * a) / (1 + a);
  return Math.max(0, (a * (1 - a) + (nPos - 1) * (q1 - a * a) + (nNeg - 1) * (q2 - a * a)) / (nPos * nNeg));
}

/**
 * One metric over seeds. `sampling` holds each seed's test-set variance for this metric
 * (absent: binomial for proportions, 0 otherwise). Band: mean ± 1.96·sqrt(std² + mean sampling
 * variance), clipped to [0, 1] for metrics that live there.
 */
export function summariseMetric(metric: string, values: readonly number[], n: number, sampling: readonly (number | undefined)[]): MetricSummary {
  if (values.length === 0) throw new Error(`no values for metric ${metric}`);
  const m = mean(values);
  const std = sampleStd(values);
  const perSeed = values.map((v, i) => sampling[i] ?? (PROPORTION_METRICS.has(metric) ? binomialVariance(v, n) : 0));
  const half = BAND_Z * Math.sqrt(std ** 2 + mean(perSeed));
  const unit = PROPORTION_METRICS.has(metric) || metric === 'f1' || metric === 'roc_auc' || values.every((v) => v >= 0 && v <= 1);
  const low = unit ? Math.max(0, m - half) : m - half;
  const high = unit ? Math.min(1, m + half) : m + half;
  return { mean: m, std, min: Math.min(...values), max: Math.max(...values), seeds: values.length, band: { low, high }, n };
}
