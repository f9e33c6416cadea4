/**
 * One seeded training loop for both approaches, written with optimizer.minimize rather than
 * fit because fit runs every layer in training mode: the fine-tuned block's batch-norm layers
 * must keep their pretrained statistics (Keras's advice for fine-tuning), while the head's
 * dropout must be on. Losses are class-weighted binary cross-entropy (n / (2·n_class)), since
 * lesions are a minority (20 %).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { seededInit, shuffledIndices, type Rng } from '../../core/seed.js';

export interface Head {
  dropout: tfl.layers.Layer;
  dense: tfl.layers.Layer;
  /** [b, featureCount] → P(lesion), dropout off. */
  model: tfl.LayersModel;
}

/** dropout → dense(1, sigmoid) on pooled features, built on a symbolic input so its weights exist. */
export function createHead(featureCount: number, dropout: number, rng: Rng): Head {
  const init = seededInit(rng);
  const input = tfl.input({ shape: [featureCount] });
  const drop = tfl.layers.dropout({ rate: dropout, seed: init.dropoutSeed(), name: 'head_dropout' });
  const dense = tfl.layers.dense({ units: 1, activation: 'sigmoid', ...init.layer(), name: 'head_dense' });
  const model = tfl.model({ inputs: input, outputs: dense.apply(drop.apply(input)) as tfl.SymbolicTensor });
  return { dropout: drop, dense, model };
}

export interface Rows { x: Float32Array; y: Float32Array; count: number; shape: number[] }
export interface EpochRow { epoch: number; loss: number; val_loss: number; val_accuracy: number }

export interface LoopSettings { epochs: number; batchSize: number; learningRate: number }

/**
 * `features(x, training)` maps a batch of rows to pooled features ([b, F]); identity for the
 * frozen-feature head, the tail + pooling for fine-tuning. Trains the head's weights plus `extra`.
 */
export async function trainLoop(
  head: Head, features: (x: tf.Tensor) => tf.Tensor2D, extra: tf.Variable[], train: Rows, val: Rows, s: LoopSettings, rng: Rng,
): Promise<{ history: EpochRow[]; seconds: number }> {
  const per = train.shape.reduce((a, b) => a * b, 1);
  const pos = train.y.reduce((a, b) => a + b, 0);
  const w = [train.count / (2 * Math.max(1, train.count - pos)), train.count / (2 * Math.max(1, pos))];
  const vars = [...head.dense.trainableWeights.map((v) => v.read() as tf.Variable), ...extra];
  const optimizer = tf.train.adam(s.learningRate);
  const history: EpochRow[] = [];
  const t0 = performance.now();
  try {
    for (let epoch = 1; epoch <= s.epochs; epoch++) {
      const order = shuffledIndices(rng, train.count);
      let sum = 0;
      for (let b = 0; b < train.count; b += s.batchSize) {
        const idx = Array.from(order.subarray(b, Math.min(train.count, b + s.batchSize)));
        const xb = new Float32Array(idx.length * per), yb = new Float32Array(idx.length), wb = new Float32Array(idx.length);
        idx.forEach((i, k) => { xb.set(train.x.subarray(i * per, (i + 1) * per), k * per); yb[k] = train.y[i]!; wb[k] = w[train.y[i]!]!; });
        const loss = tf.tidy(() => optimizer.minimize(() => {
          const f = features(tf.tensor(xb, [idx.length, ...train.shape]));
          const p = tf.reshape(head.dense.apply(head.dropout.apply(f, { training: true })) as tf.Tensor, [idx.length]);
          return tf.mean(tf.mul(tf.tensor1d(wb), bce(tf.tensor1d(yb), p))) as tf.Scalar;
        }, true, vars)!);
        sum += (await loss.data())[0]! * idx.length;
        loss.dispose();
      }
      const v = await evaluateRows(head, features, val);
      history.push({ epoch, loss: sum / train.count, val_loss: v.loss, val_accuracy: v.accuracy });
    }
  } finally {
    optimizer.dispose();
  }
  return { history, seconds: (performance.now() - t0) / 1000 };
}

function bce(y: tf.Tensor1D, p: tf.Tensor): tf.Tensor1D {
  const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
  return tf.neg(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q))))) as tf.Tensor1D;
}

/** P(lesion) for every row, dropout off, in batches. */
export async function predictRows(head: Head, features: (x: tf.Tensor) => tf.Tensor2D, set: Rows, batchSize = 32): Promise<Float32Array> {
  const per = set.shape.reduce((a, b) => a * b, 1), out = new Float32Array(set.count);
  for (let b = 0; b < set.count; b += batchSize) {
    const e = Math.min(set.count, b + batchSize);
    const p = tf.tidy(() => head.model.predict(features(tf.tensor(set.x.subarray(b * per, e * per), [e - b, ...set.shape]))) as tf.Tensor);
    out.set(await p.data(), b);
    p.dispose();
  }
  return out;
}

/** Unweighted mean binary cross-entropy and accuracy at 0.5. */
export async function evaluateRows(head: Head, features: (x: tf.Tensor) => tf.Tensor2D, set: Rows): Promise<{ loss: number; accuracy: number }> {
  const p = await predictRows(head, features, set);
  let loss = 0, right = 0;
  p.forEach((v, i) => {
    const q = Math.min(1 - 1e-7, Math.max(1e-7, v)), y = set.y[i]!;
    loss -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
    if ((v >= 0.5 ? 1 : 0) === y) right++;
  });
  return { loss: loss / set.count, accuracy: right / set.count };
}
