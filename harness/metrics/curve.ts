/**
 * The cumulative counts behind ROC and PR curves, computed as scikit-learn's
 * private `_binary_clf_curve`: scores sorted descending, one point per distinct
 * score, so tied scores move TP and FP together (a diagonal step on the ROC).
 */
export interface ClfCurve {
  /** False positives among samples with score >= thresholds[i]. */
  fps: Float64Array;
  /** True positives among samples with score >= thresholds[i]. */
  tps: Float64Array;
  /** Distinct scores, descending. */
  thresholds: Float64Array;
}

/** Inputs must already be validated (0/1 labels, finite scores, length >= 1). */
export function binaryClfCurve(yTrue: Uint8Array, yScore: Float64Array): ClfCurve {
  const n = yScore.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => yScore[b]! - yScore[a]!);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    tp += yTrue[i]!;
    const next = k + 1 < n ? yScore[order[k + 1]!]! : undefined;
    // `!==` treats -0 and 0 as one score, as numpy's diff does.
    if (next === undefined || next !== yScore[i]!) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(yScore[i]!);
    }
  }
  return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds) };
}
