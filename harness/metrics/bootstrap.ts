import { MetricError, requireSameLength } from './errors.js';
import { quantile } from './stats.js';

/**
 * Percentile bootstrap confidence intervals for any (yTrue, yScore) metric.
 *
 * Definition (pinned by tests/fixtures/golden/bootstrap.json):
 * - resample b draws n indices with replacement; statistic_b =
 *   metricFn(yTrue[idx_b], yScore[idx_b]);
 * - resamples whose statistic is NaN (e.g. a single-class resample for AUC)
 *   are dropped and counted out of `valid`;
 * - lower / upper = quantile(valid statistics, alpha/2 and 1 − alpha/2), linear
 *   interpolation (numpy's default percentile method);
 * - estimate = metricFn on the full data (not the bootstrap mean).
 *
 * Pass `indices` (each row n indices into the data) to replay stored
 * resamples exactly; otherwise they come from a seeded mulberry32 generator,
 * index = floor(u · n) with u uniform in [0, 1): same seed, same interval.
 */
export type PairMetric = (yTrue: ArrayLike<number>, yScore: ArrayLike<number>) => number;
export interface BootstrapResult {
  estimate: number;
  lower: number;
  upper: number;
  alpha: number;
  /** Resamples drawn. */
  resamples: number;
  /** Resamples whose statistic was not NaN (the interval is over these). */
  valid: number;
}
export type BootstrapOptions =
  | { resamples?: number; alpha?: number; seed?: number; indices?: undefined }
  | { indices: readonly (readonly number[])[]; alpha?: number };

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). Not for cryptography. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `resamples` rows of n indices in 0..n-1, drawn with replacement. */
export function bootstrapIndices(n: number, resamples: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: resamples }, () => Array.from({ length: n }, () => Math.floor(random() * n)));
}

export function bootstrapCI(metricFn: PairMetric, yTrue: ArrayLike<number>, yScore: ArrayLike<number>, opts: BootstrapOptions = {}): BootstrapResult {
  const metric = 'bootstrapCI';
  requireSameLength(metric, yTrue, yScore);
  const n = yTrue.length;
  const alpha = opts.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new MetricError(metric, `expected alpha in (0, 1), got ${alpha}`);
  let indices: readonly (readonly number[])[];
  if (opts.indices !== undefined) {
    indices = opts.indices;
    indices.forEach((row, b) => {
      if (row.length !== n) throw new MetricError(metric, `expected resample ${b} to hold ${n} indices, got ${row.length}`);
      row.forEach((i) => {
        if (!Number.isInteger(i) || i < 0 || i >= n) throw new MetricError(metric, `expected indices in 0..${n - 1}, got ${i} in resample ${b}`);
      });
    });
  } else {
    const resamples = opts.resamples ?? 1000;
    if (!Number.isInteger(resamples) || resamples < 1) throw new MetricError(metric, `expected resamples >= 1 (integer), got ${resamples}`);
    indices = bootstrapIndices(n, resamples, opts.seed ?? 0);
  }
  if (indices.length === 0) throw new MetricError(metric, 'expected at least 1 resample, got 0');
  const stats: number[] = [];
  const t = new Float64Array(n), s = new Float64Array(n);
  for (const row of indices) {
    row.forEach((i, j) => { t[j] = yTrue[i]!; s[j] = yScore[i]!; });
    const value = metricFn(t, s);
    if (!Number.isNaN(value)) stats.push(value);
  }
  return {
    estimate: metricFn(yTrue, yScore),
    lower: quantile(stats, alpha / 2),
    upper: quantile(stats, 1 - alpha / 2),
    alpha,
    resamples: indices.length,
    valid: stats.length,
  };
}
