/**
 * Seeded fit and predict shared by the tfjs labs (moved here from lab3-cnn/train.ts so labs do not
 * import each other): we shuffle with our Rng each epoch and call fit with shuffle: false, because
 * tfjs's own shuffle uses Math.random.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { shuffledIndices, type Rng } from './seed.js';

export interface ArraySet { x: Float32Array; y: Float32Array; count: number; shape: number[] }

export async function fitSeeded(model: tfl.LayersModel, set: ArraySet, rng: Rng, opts: { epochs: number; batchSize: number }): Promise<number[]> {
  const losses: number[] = [];
  const per = set.shape.reduce((a, b) => a * b, 1);
  for (let e = 0; e < opts.epochs; e++) {
    const idx = shuffledIndices(rng, set.count);
    const x = new Float32Array(set.count * per);
    const y = new Float32Array(set.count);
    idx.forEach((j, i) => { x.set(set.x.subarray(j * per, (j + 1) * per), i * per); y[i] = set.y[j]!; });
    const xs = tf.tensor(x, [set.count, ...set.shape]);
    const ys = tf.tensor2d(y, [set.count, 1]);
    try {
      const h = await model.fit(xs, ys, { epochs: 1, batchSize: opts.batchSize, shuffle: false, verbose: 0 });
      losses.push(Number(h.history['loss']![0]));
    } finally {
      xs.dispose(); ys.dispose();
    }
  }
  return losses;
}

export async function predictSet(model: tfl.LayersModel, set: ArraySet): Promise<Float32Array> {
  const xs = tf.tensor(set.x, [set.count, ...set.shape]);
  try {
    const out = model.predict(xs, { batchSize: 64 }) as tf.Tensor;
    const p = (await out.data()) as Float32Array;
    out.dispose();
    return Float32Array.from(p);
  } finally {
    xs.dispose();
  }
}

/** model.dispose() leaves an optimizer passed as an object (tf.train.adam) alive; free both. */
export function disposeModelAndOptimizer(model: tfl.LayersModel): void {
  const opt = model.optimizer;
  model.dispose();
  opt?.dispose();
}
