/**
 * Task 2: the single test evaluation. Metrics come from harness/metrics, the code that
 * grades students, so reference and student numbers mean the same thing.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { accuracy, binaryConfusion, bootstrapIndices, f1, rocAuc, sensitivity, specificity, type BinaryConfusion } from '../../../harness/metrics/index.js';
import { hanleyMcNeilVariance } from '../../registry/band.js';
import { toTensors, type ImageSet } from './data.js';

/** P(COVID) per example, in the set's order. */
export async function predictProbabilities(model: tfl.LayersModel, set: ImageSet, batchSize = 32): Promise<Float32Array> {
  const { xs, ys } = toTensors(set);
  try {
    const out = model.predict(xs, { batchSize }) as tf.Tensor;
    const data = (await out.data()) as Float32Array;
    out.dispose();
    return data;
  } finally {
    tf.dispose([xs, ys]);
  }
}

export interface Evaluation {
  metrics: { accuracy: number; sensitivity: number; specificity: number; f1: number; roc_auc: number };
  confusion: BinaryConfusion;
  /** 1 where the thresholded prediction is wrong. */
  perExample: number[];
  samplingVariance: { roc_auc: number; f1: number };
}

/** Scores probabilities against labels at `threshold` (the rubric's 0.5). */
export function evaluatePredictions(labels: ArrayLike<number>, probs: ArrayLike<number>, threshold = 0.5, seed = 1): Evaluation {
  const pred = Array.from(probs, (p) => (p >= threshold ? 1 : 0));
  const truth = Array.from(labels);
  const confusion = binaryConfusion(truth, pred);
  const metrics = {
    accuracy: accuracy(truth, pred), sensitivity: sensitivity(truth, pred), specificity: specificity(truth, pred),
    f1: f1(truth, pred), roc_auc: rocAuc(truth, Array.from(probs)),
  };
  const nPos = truth.filter((t) => t === 1).length;
  return {
    metrics, confusion,
    perExample: pred.map((p, i) => (p === truth[i] ? 0 : 1)),
    samplingVariance: { roc_auc: hanleyMcNeilVariance(metrics.roc_auc, nPos, truth.length - nPos), f1: bootstrapVariance(truth, pred, seed) },
  };
}

/** Variance of F1 over 500 seeded bootstrap resamples of the test set (resamples with NaN left out). */
function bootstrapVariance(truth: number[], pred: number[], seed: number): number {
  const values: number[] = [];
  for (const idx of bootstrapIndices(truth.length, 500, seed)) {
    const v = f1(idx.map((i) => truth[i]!), idx.map((i) => pred[i]!));
    if (Number.isFinite(v)) values.push(v);
  }
  if (values.length < 2) return 0;
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1);
}
