import { binaryConfusion, confusionMatrix, type BinaryConfusion } from './confusion.js';
import { binaryLabels, requireSameLength } from './errors.js';

/**
 * Threshold metrics from hard binary predictions, matching scikit-learn's
 * `accuracy_score`, `balanced_accuracy_score`, `recall_score`,
 * `precision_score`, `f1_score` (binary, pos_label=1).
 *
 * Inputs: `yTrue` and `yPred` n labels in {0,1}, n >= 1.
 *
 * Zero division: a ratio whose denominator is 0 (precision with no predicted
 * positive, sensitivity with no true positive label, specificity with no true
 * negative, F1 when tp = fp = fn = 0) returns `zeroDivision`: 0 by default,
 * which is what sklearn's default 'warn' returns; 1 and NaN (sklearn >= 1.3's
 * np.nan) are the alternatives.
 */
export type ZeroDivision = 0 | 1 | 'nan';
export interface ZeroDivisionOptions { zeroDivision?: ZeroDivision }

function ratio(num: number, den: number, opts: ZeroDivisionOptions): number {
  if (den !== 0) return num / den;
  const zd = opts.zeroDivision ?? 0;
  return zd === 'nan' ? Number.NaN : zd;
}

function counts(metric: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): BinaryConfusion {
  requireSameLength(metric, yTrue, yPred, ['yTrue', 'yPred']);
  binaryLabels(metric, yTrue, 'yTrue');
  return binaryConfusion(yTrue, binaryLabels(metric, yPred, 'yPred'), 0.5);
}

export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const c = counts('accuracy', yTrue, yPred);
  return (c.tp + c.tn) / (c.tp + c.tn + c.fp + c.fn);
}

/** Recall of the positive class, tp / (tp + fn). */
export function sensitivity(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, opts: ZeroDivisionOptions = {}): number {
  const c = counts('sensitivity', yTrue, yPred);
  return ratio(c.tp, c.tp + c.fn, opts);
}
export const recall = sensitivity;

/** Recall of the negative class, tn / (tn + fp) (sklearn: recall_score(pos_label=0)). */
export function specificity(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, opts: ZeroDivisionOptions = {}): number {
  const c = counts('specificity', yTrue, yPred);
  return ratio(c.tn, c.tn + c.fp, opts);
}

/** tp / (tp + fp). */
export function precision(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, opts: ZeroDivisionOptions = {}): number {
  const c = counts('precision', yTrue, yPred);
  return ratio(c.tp, c.tp + c.fp, opts);
}

/** 2tp / (2tp + fp + fn), the harmonic mean of precision and sensitivity. */
export function f1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, opts: ZeroDivisionOptions = {}): number {
  const c = counts('f1', yTrue, yPred);
  return ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn, opts);
}

/**
 * Mean per-class recall over the classes present in yTrue (sklearn's
 * `balanced_accuracy_score`, adjusted=False). Works for any integer labels;
 * with both classes present in a binary problem it is (sensitivity +
 * specificity) / 2, with one class present it is that class's recall.
 */
export function balancedAccuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { matrix } = confusionMatrix(yTrue, yPred);
  let sum = 0;
  let present = 0;
  matrix.forEach((row, i) => {
    const support = row.reduce((a, b) => a + b, 0);
    if (support > 0) {
      sum += row[i]! / support;
      present++;
    }
  });
  return sum / present;
}
