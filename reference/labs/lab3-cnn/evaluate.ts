/** Lab 3 evaluation: held-out accuracy, balanced accuracy and ROC AUC at threshold 0.5, and the majority baseline. */
import type * as tfl from '@tensorflow/tfjs-layers';
import { accuracy, balancedAccuracy, rocAuc } from '../../../harness/metrics/index.js';
import { predictSet, type ArraySet } from '../../core/fit.js';

export interface ModelScore { params: number; accuracy: number; balanced_accuracy: number; roc_auc: number; losses: number[]; seconds: number }
export type ThresholdScore = Omit<ModelScore, 'params' | 'losses' | 'seconds'>;

export function scoreBinary(y: Float32Array, p: Float32Array): ThresholdScore {
  const pred = Array.from(p, (v) => (v >= 0.5 ? 1 : 0));
  return { accuracy: accuracy(y, pred), balanced_accuracy: balancedAccuracy(y, pred), roc_auc: rocAuc(y, p) };
}

/** P(positive) on the test set and its scores. */
export async function predictAndScore(model: tfl.LayersModel, test: ArraySet): Promise<{ p: Float32Array; score: ThresholdScore }> {
  const p = await predictSet(model, test);
  return { p, score: scoreBinary(test.y, p) };
}

/** Accuracy of always answering the more frequent test class. */
export function majorityAccuracy(y: Float32Array): number {
  const positives = y.reduce((a, b) => a + b, 0);
  return Math.max(positives, y.length - positives) / y.length;
}

/** 1 where the 0.5-thresholded prediction is wrong, per test example (for paired comparisons). */
export function errorsPerExample(y: Float32Array, p: Float32Array): number[] {
  return Array.from(p, (v, i) => ((v >= 0.5 ? 1 : 0) === y[i] ? 0 : 1));
}
