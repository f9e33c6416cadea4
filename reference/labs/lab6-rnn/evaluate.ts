/**
 * Lab 6 evaluation. A window is called positive when p exceeds the training positive rate (the
 * classes are about 17 % / 83 %, so 0.5 would call almost nothing positive).
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { accuracy, balancedAccuracy, rocAuc, sensitivity, specificity } from '../../../harness/metrics/index.js';
import { predictSet, type ArraySet } from '../../core/fit.js';

export interface SequenceScore { params: number; accuracy: number; balanced_accuracy: number; sensitivity: number; specificity: number; roc_auc: number; losses: number[]; seconds: number }
export type ThresholdedScore = Omit<SequenceScore, 'params' | 'losses' | 'seconds'>;

/** The decision threshold: the positive rate of the training windows. */
export function trainingPositiveRate(train: ArraySet): number {
  return train.y.reduce((a, b) => a + b, 0) / train.count;
}

export function scoreAtThreshold(y: Float32Array, p: Float32Array, threshold: number): ThresholdedScore {
  const pred = Array.from(p, (v) => (v > threshold ? 1 : 0));
  return {
    accuracy: accuracy(y, pred), balanced_accuracy: balancedAccuracy(y, pred),
    sensitivity: sensitivity(y, pred), specificity: specificity(y, pred), roc_auc: rocAuc(y, p),
  };
}

export async function predictAndScore(model: tfl.LayersModel, test: ArraySet, threshold: number): Promise<{ p: Float32Array; score: ThresholdedScore }> {
  const p = await predictSet(model, test);
  return { p, score: scoreAtThreshold(test.y, p, threshold) };
}

/** Accuracy of always answering the more frequent test class. */
export function majorityAccuracy(test: ArraySet): number {
  const positives = test.y.reduce((a, b) => a + b, 0);
  return Math.max(positives, test.count - positives) / test.count;
}

/** 1 where the thresholded prediction is wrong, per test window. */
export function errorsPerExample(y: Float32Array, p: Float32Array, threshold: number): number[] {
  return Array.from(p, (v, i) => ((v > threshold ? 1 : 0) === y[i] ? 0 : 1));
}
