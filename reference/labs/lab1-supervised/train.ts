/**
 * Seeded training shared by labs 1 and 2. Each epoch reshuffles with our Rng and calls
 * fit(shuffle: false): tfjs's own shuffle uses Math.random, so one seed gives one run.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { shuffledIndices, type Rng } from '../../core/seed.js';
import type { Lab1Config } from './config.js';
import type { Table } from './data.js';
import { predict } from './evaluate.js';
import { createDenseModel, disposeModel } from './model.js';

function targets(y: Int32Array, outputs: number): tf.Tensor {
  if (outputs === 1) return tf.tensor2d(Float32Array.from(y), [y.length, 1]);
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(y, 'int32'), outputs), 'float32'));
}

export interface CurvePoint { epoch: number; train_loss: number; val_loss: number | null }

/** Trains epoch by epoch with a seeded shuffle; val loss (no regularisation terms) is recorded per epoch when val is given. */
export async function fitSeeded(model: tfl.LayersModel, train: Table, val: Table | null, outputs: number, rng: Rng, opts: { epochs: number; batchSize: number }): Promise<CurvePoint[]> {
  const curve: CurvePoint[] = [];
  const ys = targets(train.y, outputs);
  const xs = tf.tensor2d(train.x, [train.n, train.p]);
  const valT = val ? { x: tf.tensor2d(val.x, [val.n, val.p]), y: targets(val.y, outputs) } : null;
  try {
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      const idx = tf.tensor1d(shuffledIndices(rng, train.n), 'int32');
      const [bx, by] = [tf.gather(xs, idx), tf.gather(ys, idx)];
      idx.dispose();
      try {
        const h = await model.fit(bx, by, { epochs: 1, batchSize: opts.batchSize, shuffle: false, verbose: 0 });
        let valLoss: number | null = null;
        if (valT) {
          const l = tf.tidy(() => tf.mean(lossOf(model, valT.x, valT.y)));
          valLoss = (await l.data())[0]!;
          l.dispose();
        }
        curve.push({ epoch, train_loss: Number(h.history['loss']![0]), val_loss: valLoss });
      } finally {
        bx.dispose(); by.dispose();
      }
    }
  } finally {
    xs.dispose(); ys.dispose();
    valT?.x.dispose(); valT?.y.dispose();
  }
  return curve;
}

function lossOf(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor): tf.Tensor {
  const p = model.predict(x) as tf.Tensor;
  const loss = model.loss as string;
  if (loss === 'meanSquaredError') return tf.losses.meanSquaredError(y, p);
  if (loss === 'categoricalCrossentropy') return tfl.metrics.categoricalCrossentropy(y, p);
  return tfl.metrics.binaryCrossentropy(y, p);
}

/** Trains a one-output model (hidden [] = logistic regression) and returns P(malignant) on each `eval` table. */
export async function trainBinary(c: Lab1Config, hidden: number[], train: Table, evals: Table[], rng: Rng): Promise<Float32Array[]> {
  const model = createDenseModel({ inputs: train.p, hidden, outputs: 1, activation: 'relu', loss: 'binaryCrossentropy', optimizer: 'adam', learningRate: c.learningRate }, rng);
  try {
    await fitSeeded(model, train, null, 1, rng, { epochs: c.epochs, batchSize: c.batchSize });
    const out: Float32Array[] = [];
    for (const t of evals) out.push(await predict(model, t));
    return out;
  } finally {
    disposeModel(model);
  }
}
