/** Predictions and binary metrics for labs 1 and 2 (threshold 0.5 or argmax). */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { accuracy, rocAuc, sensitivity, specificity } from '../../../harness/metrics/index.js';
import type { Table } from './data.js';

export interface BinaryMetrics { accuracy: number; sensitivity: number; specificity: number; roc_auc: number }

/** Model outputs row-major: n×1 for a sigmoid model, n×k for softmax. */
export async function predict(model: tfl.LayersModel, t: Table): Promise<Float32Array> {
  const out = tf.tidy(() => model.predict(tf.tensor2d(t.x, [t.n, t.p])) as tf.Tensor);
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

/** argmax per row (k > 1) or threshold 0.5 (k = 1). */
export function labelsFrom(probs: Float32Array, outputs: number, threshold = 0.5): Int32Array {
  if (outputs === 1) return Int32Array.from(probs, (p) => (p >= threshold ? 1 : 0));
  const n = probs.length / outputs, out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < outputs; c++) if (probs[i * outputs + c]! > probs[i * outputs + best]!) best = c;
    out[i] = best;
  }
  return out;
}

export function rowsOf(probs: Float32Array, k: number): Float32Array[] {
  return Array.from({ length: probs.length / k }, (_, i) => probs.subarray(i * k, (i + 1) * k));
}

export function binaryMetrics(y: Int32Array, prob: ArrayLike<number>): BinaryMetrics {
  const pred = labelsFrom(Float32Array.from(prob), 1);
  return { accuracy: accuracy(y, pred), sensitivity: sensitivity(y, pred), specificity: specificity(y, pred), roc_auc: rocAuc(y, prob) };
}
