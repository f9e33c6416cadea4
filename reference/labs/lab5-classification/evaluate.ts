/** Test-set metrics of one model at threshold 0.5, and the majority-class baseline. */
import { accuracy, balancedAccuracy, binaryConfusion, f1, rocAuc, sensitivity, specificity } from '../../../harness/metrics/index.js';

export interface Lab5Scores {
  accuracy: number; sensitivity: number; specificity: number; balanced_accuracy: number; roc_auc: number; f1: number;
  confusion: { tp: number; fp: number; tn: number; fn: number };
}

export function scoreLab5(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): Lab5Scores {
  const pred = Array.from(p, (v) => (v >= threshold ? 1 : 0));
  const c = binaryConfusion(y, p, threshold);
  return {
    accuracy: accuracy(y, pred), sensitivity: sensitivity(y, pred, { zeroDivision: 0 }), specificity: specificity(y, pred, { zeroDivision: 0 }),
    balanced_accuracy: balancedAccuracy(y, pred), roc_auc: rocAuc(y, p), f1: f1(y, pred, { zeroDivision: 0 }),
    confusion: { tp: c.tp, fp: c.fp, tn: c.tn, fn: c.fn },
  };
}

/** Always "Normal": accuracy = share of Normal slices, sensitivity 0, balanced accuracy and AUC 0.5. */
export function majorityBaseline(y: ArrayLike<number>): Lab5Scores {
  return scoreLab5(y, new Float32Array(y.length));
}
