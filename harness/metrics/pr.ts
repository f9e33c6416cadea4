import { binaryClfCurve } from './curve.js';
import { binaryLabels, finiteScores, requireSameLength } from './errors.js';

/**
 * Precision–recall curve and average precision, matching scikit-learn
 * (`precision_recall_curve`, `average_precision_score`).
 *
 * Inputs as rocCurve: `yTrue` n labels in {0,1}, `yScore` n finite scores
 * (NaN/±Infinity → MetricError), n >= 1.
 */
export interface PrCurve {
  /** Ordered by increasing threshold, then a final point (precision 1, recall 0) with no threshold. */
  precision: number[];
  recall: number[];
  /** Distinct scores, ascending; one fewer than precision/recall. */
  thresholds: number[];
}

/**
 * Precision at a threshold with no predicted positive is 0 (sklearn divides
 * with `where=(ps != 0)` into zeros). With no positive in yTrue, recall is 1
 * at every threshold (sklearn warns and does the same).
 */
export function precisionRecallCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): PrCurve {
  requireSameLength('precisionRecallCurve', yTrue, yScore);
  const { fps, tps, thresholds } = binaryClfCurve(
    binaryLabels('precisionRecallCurve', yTrue), finiteScores('precisionRecallCurve', yScore));
  const totalPos = tps[tps.length - 1]!;
  const precision: number[] = [];
  const recall: number[] = [];
  for (let i = tps.length - 1; i >= 0; i--) {
    const predicted = tps[i]! + fps[i]!;
    precision.push(predicted !== 0 ? tps[i]! / predicted : 0);
    recall.push(totalPos === 0 ? 1 : tps[i]! / totalPos);
  }
  precision.push(1);
  recall.push(0);
  return { precision, recall, thresholds: Array.from(thresholds).reverse() };
}

/**
 * Average precision (AP), sklearn's definition: AP = Σ_n (R_n − R_{n−1}) · P_n
 * over the distinct thresholds in decreasing order, R_{-1} = 0 — a step
 * function, not the trapezoid (which is optimistic). Ties count as one
 * threshold. No positive in yTrue → 0 (sklearn 1.2.1 gives -0.0, 1.6.1 0.0,
 * both with a warning); all positive → 1.
 */
export function averagePrecision(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): number {
  const { precision, recall } = precisionRecallCurve(yTrue, yScore);
  let ap = 0;
  for (let j = 0; j + 1 < recall.length; j++) ap += (recall[j]! - recall[j + 1]!) * precision[j]!;
  return ap;
}
