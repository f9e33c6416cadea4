/**
 * Multiclass metrics over integer class indices 0..k-1 (the rubric's class order).
 * Shapes: yTrue and yPred have the same length n ≥ 1. A class absent from yTrue is left
 * out of the macro means (its recall is undefined), as sklearn's balanced_accuracy does.
 */
import { MedgradeError } from '../errors.js';

function check(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  if (yTrue.length !== yPred.length) throw new MedgradeError('E_INPUT_FORMAT', `yTrue has ${yTrue.length} entries, yPred ${yPred.length}`);
  if (yTrue.length === 0) throw new MedgradeError('E_INPUT_FORMAT', 'no examples to score');
}

export interface ClassScore { precision: number; recall: number; f1: number; support: number }

/** Per-class precision, recall, F1 and support; precision 0 when nothing was predicted as the class. */
export function perClassScores(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): ClassScore[] {
  check(yTrue, yPred);
  const tp = new Array<number>(k).fill(0), predicted = new Array<number>(k).fill(0), support = new Array<number>(k).fill(0);
  for (let i = 0; i < yTrue.length; i++) {
    support[yTrue[i]!]!++;
    if (yPred[i]! >= 0 && yPred[i]! < k) predicted[yPred[i]!]!++;
    if (yTrue[i] === yPred[i]) tp[yTrue[i]!]!++;
  }
  return tp.map((t, c) => {
    const precision = predicted[c]! ? t / predicted[c]! : 0;
    const recall = support[c]! ? t / support[c]! : Number.NaN;
    const f1 = precision + (recall || 0) > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1: Number.isNaN(recall) ? Number.NaN : f1, support: support[c]! };
  });
}

export function multiclassAccuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return hit / yTrue.length;
}

const meanPresent = (values: number[]): number => {
  const present = values.filter((v) => !Number.isNaN(v));
  return present.reduce((a, b) => a + b, 0) / present.length;
};

/** Mean recall over the classes present in yTrue. */
export function multiclassBalancedAccuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number {
  return meanPresent(perClassScores(yTrue, yPred, k).map((s) => s.recall));
}

/** Unweighted mean F1 over the classes present in yTrue. */
export function macroF1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number {
  return meanPresent(perClassScores(yTrue, yPred, k).map((s) => s.f1));
}
