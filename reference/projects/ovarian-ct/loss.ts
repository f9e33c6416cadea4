/**
 * The notebook's CombinedLoss (soft Dice + weighted cross-entropy) and its deep-supervision
 * total, in tfjs-core. Shapes: logits [B, D, H, W, C], target one-hot of the same shape.
 * Call inside tf.tidy / tf.variableGrads.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { UNetOutput } from './model.js';

export interface LossOptions {
  /** Weight of the cross-entropy term (notebook: 0.7). */
  ceWeight: number;
  /** Weight of the mean deep-supervision loss added to the main loss (notebook: 0.5). */
  deepWeight: number;
  /** Class weight of the background in the cross-entropy (notebook: 0.1). */
  backgroundWeight: number;
  smooth: number;
}

/** 1 − mean over batch and classes of (2·Σpt + s) / (Σp + Σt + s), p = softmax(logits). */
export function diceLoss(logits: tf.Tensor5D, onehot: tf.Tensor5D, smooth: number): tf.Scalar {
  const prob = tf.softmax(logits);
  const num = tf.mul(2, tf.sum(tf.mul(prob, onehot), [1, 2, 3]));
  const den = tf.add(tf.sum(prob, [1, 2, 3]), tf.sum(onehot, [1, 2, 3]));
  return tf.sub(1, tf.mean(tf.div(tf.add(num, smooth), tf.add(den, smooth)))) as tf.Scalar;
}

/**
 * The notebook's per-batch class weights: background gets `backgroundWeight`; the other
 * classes share the rest, scaled by their normalised inverse frequency in this batch.
 * `counts` are voxel counts per class. One fix: a lesion class ABSENT from the batch is left
 * out of the normalisation. The notebook gives it inverse frequency total/smooth, which takes
 * the whole foreground share, so in a crop with a primary but no metastasis the primary's
 * weight is ~1e-9 and the cross-entropy on that crop teaches only the background.
 */
export function classWeights(counts: readonly number[], backgroundWeight: number, smooth: number): number[] {
  const n = counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  const w = counts.map((_, c) => (c === 0 ? backgroundWeight : (1 - backgroundWeight) / (n - 1)));
  const present = counts.map((k, c) => c > 0 && k > 0);
  if (present.some(Boolean)) {
    const inv = counts.map((k, c) => (present[c] ? total / (k * n + smooth) : 0));
    const s = inv.reduce((a, b) => a + b, 0);
    for (let c = 1; c < n; c++) w[c] = w[c]! * (present[c] ? inv[c]! / s : 0);
  }
  return w;
}

/**
 * log-softmax over the last axis with its closed-form gradient dy − softmax·Σdy. wasm has no
 * LogSoftmax kernel, and differentiating tf.logSumExp goes through its max (Equal, Pow…) for
 * a term that cancels anyway.
 */
export function logSoftmax(logits: tf.Tensor): tf.Tensor {
  const f = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const t = x;
    const m = tf.max(t, -1, true);
    const shifted = tf.sub(t, m);
    const value = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
    save([value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.sub(dy, tf.mul(tf.exp(saved[0]!), tf.sum(dy, -1, true))),
    };
  }) as never) as (x: tf.Tensor) => tf.Tensor;
  return f(logits);
}

/** PyTorch F.cross_entropy(weight=w, reduction='mean'): Σ w_y·(−log p_y) / Σ w_y. */
export function weightedCrossEntropy(logits: tf.Tensor5D, onehot: tf.Tensor5D, weights: readonly number[]): tf.Scalar {
  const logp = logSoftmax(logits);
  const w = tf.sum(tf.mul(onehot, tf.tensor1d(weights as number[])), -1);
  const nll = tf.neg(tf.sum(tf.mul(onehot, logp), -1));
  return tf.div(tf.sum(tf.mul(w, nll)), tf.sum(w)) as tf.Scalar;
}

export function combinedLoss(logits: tf.Tensor5D, onehot: tf.Tensor5D, weights: readonly number[], o: LossOptions): tf.Scalar {
  return tf.add(diceLoss(logits, onehot, o.smooth), tf.mul(o.ceWeight, weightedCrossEntropy(logits, onehot, weights))) as tf.Scalar;
}

export interface SupervisedLoss { total: tf.Scalar; main: tf.Scalar; deep: tf.Scalar[] }

/**
 * main + deepWeight · mean(deep heads' losses), all from ONE forward pass. The notebook
 * computes this, then overwrites `loss` with a second forward pass's main loss, so its deep
 * heads never receive a gradient; here `total` is what gets differentiated.
 */
export function deepSupervisionLoss(out: UNetOutput, onehot: tf.Tensor5D, weights: readonly number[], o: LossOptions): SupervisedLoss {
  const main = combinedLoss(out.main, onehot, weights, o);
  const deep = out.deep.map((d) => combinedLoss(d, onehot, weights, o));
  const total = deep.length ? tf.add(main, tf.mul(o.deepWeight, tf.div(tf.addN(deep), deep.length))) as tf.Scalar : main;
  return { total, main, deep };
}
