import { binaryClfCurve } from './curve.js';
import { binaryLabels, finiteScores, integerLabels, MetricError, requireSameLength } from './errors.js';

/**
 * ROC curve and area, matching scikit-learn (`roc_curve`, `roc_auc_score`).
 *
 * Inputs: `yTrue` n labels in {0,1} (1 = positive); `yScore` n finite scores,
 * higher = more positive. n >= 1. NaN or ±Infinity in a score → MetricError,
 * as sklearn raises "Input contains NaN/infinity".
 *
 * Ties: samples with equal scores form one curve point (a diagonal segment),
 * so the AUC counts a tied positive/negative pair as 1/2 (Mann–Whitney).
 */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** Descending; thresholds[0] is +Infinity (sklearn >= 1.3; 1.2 used max score + 1). */
  thresholds: number[];
}

/**
 * `dropIntermediate` (default true, as sklearn) removes points that lie on a
 * straight line between their neighbours (zero second difference of both the
 * FP and TP counts); it never changes the area.
 * One class only: the rate with a zero denominator is all NaN (fpr when there
 * are no negatives, tpr when there are no positives), as sklearn does with an
 * UndefinedMetricWarning.
 */
export function rocCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, opts: { dropIntermediate?: boolean } = {}): RocCurve {
  requireSameLength('rocCurve', yTrue, yScore);
  const curve = binaryClfCurve(binaryLabels('rocCurve', yTrue), finiteScores('rocCurve', yScore));
  let keep = Array.from(curve.fps.keys());
  if ((opts.dropIntermediate ?? true) && curve.fps.length > 2) {
    const { fps, tps } = curve;
    keep = keep.filter((i) => i === 0 || i === fps.length - 1
      || fps[i + 1]! - 2 * fps[i]! + fps[i - 1]! !== 0 || tps[i + 1]! - 2 * tps[i]! + tps[i - 1]! !== 0);
  }
  const fps = [0, ...keep.map((i) => curve.fps[i]!)];
  const tps = [0, ...keep.map((i) => curve.tps[i]!)];
  const totalNeg = fps[fps.length - 1]!;
  const totalPos = tps[tps.length - 1]!;
  return {
    fpr: fps.map((v) => (totalNeg > 0 ? v / totalNeg : Number.NaN)),
    tpr: tps.map((v) => (totalPos > 0 ? v / totalPos : Number.NaN)),
    thresholds: [Number.POSITIVE_INFINITY, ...keep.map((i) => curve.thresholds[i]!)],
  };
}

/** Trapezoidal area under y(x), as numpy.trapz with x non-decreasing. */
export function trapezoid(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return area;
}

/**
 * Area under the ROC curve: trapezoid over the curve's distinct thresholds.
 * y_true with one class only → NaN. (Measured: sklearn 1.6.1 returns nan with
 * an UndefinedMetricWarning; Debian's sklearn 1.2.1 raises ValueError "Only one
 * class present in y_true". We follow the newer behaviour so a degenerate
 * bootstrap resample does not abort a whole grading run.)
 */
export function rocAuc(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): number {
  const { fpr, tpr } = rocCurve(yTrue, yScore);
  if (Number.isNaN(fpr[fpr.length - 1]!) || Number.isNaN(tpr[tpr.length - 1]!)) return Number.NaN;
  return trapezoid(fpr, tpr);
}

/**
 * One-vs-rest macro AUC for k >= 2 classes: the unweighted mean over classes c
 * of rocAuc(yTrue == c, yScore[:, c]), as sklearn's
 * `roc_auc_score(multi_class='ovr', average='macro')`.
 *
 * Inputs: `yTrue` n integer labels in 0..k-1; `yScore` n rows of k finite
 * scores. Differences from sklearn, by design: rows need not sum to 1
 * (sklearn raises unless they are probabilities; OvR AUC is defined for any
 * score), and a class absent from yTrue makes its AUC, and so the mean, NaN
 * (sklearn raises ValueError).
 */
export function rocAucOvrMacro(yTrue: ArrayLike<number>, yScore: readonly ArrayLike<number>[]): number {
  const metric = 'rocAucOvrMacro';
  if (yTrue.length !== yScore.length) {
    throw new MetricError(metric, `expected yScore with one row per label (${yTrue.length} rows), got ${yScore.length} rows`);
  }
  if (yTrue.length === 0) throw new MetricError(metric, 'expected at least 1 sample, got 0');
  const k = yScore[0]!.length;
  if (k < 2) throw new MetricError(metric, `expected yScore rows of k >= 2 columns, got ${k}`);
  const labels = integerLabels(metric, yTrue, 'yTrue');
  yScore.forEach((row, i) => {
    if (row.length !== k) throw new MetricError(metric, `expected every yScore row to have ${k} columns, got ${row.length} at row ${i}`);
  });
  labels.forEach((v, i) => {
    if (v < 0 || v >= k) throw new MetricError(metric, `expected yTrue in 0..${k - 1} (k from yScore columns), got ${v} at index ${i}`);
  });
  let sum = 0;
  for (let c = 0; c < k; c++) {
    sum += rocAuc(Array.from(labels, (v) => (v === c ? 1 : 0)), yScore.map((row) => row[c]!));
  }
  return sum / k;
}
