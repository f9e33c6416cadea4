/**
 * Dense models and seeded training shared by labs 1 and 2. Each epoch reshuffles with our Rng and
 * calls fit(shuffle: false): tfjs's own shuffle uses Math.random, so one seed gives one run.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { seededInit, shuffledIndices, type Rng } from '../../core/seed.js';
import type { Table } from './data.js';

export type Activation = 'relu' | 'tanh' | 'sigmoid';
export type LossName = 'binaryCrossentropy' | 'categoricalCrossentropy' | 'meanSquaredError';
export type OptimizerName = 'sgd' | 'adam' | 'rmsprop';

export interface DenseSpec {
  inputs: number;
  /** Hidden layer widths; [] is logistic (softmax) regression. */
  hidden: number[];
  /** 1 → sigmoid output (binary); k > 1 → softmax over k classes. */
  outputs: number;
  activation: Activation;
  loss: LossName;
  optimizer: OptimizerName;
  learningRate: number;
  dropout?: number;
  l2?: number;
}

function optimizerOf(name: OptimizerName, lr: number): tf.Optimizer {
  if (name === 'sgd') return tf.train.sgd(lr);
  if (name === 'rmsprop') return tf.train.rmsprop(lr);
  return tf.train.adam(lr);
}

/** Every initialiser and dropout seeded from rng. */
export function createDenseModel(spec: DenseSpec, rng: Rng): tfl.Sequential {
  const init = seededInit(rng);
  const model = tfl.sequential();
  const reg = spec.l2 ? { kernelRegularizer: tfl.regularizers.l2({ l2: spec.l2 }) } : {};
  spec.hidden.forEach((units, k) => {
    model.add(tfl.layers.dense({ ...(k === 0 ? { inputShape: [spec.inputs] } : {}), units, activation: spec.activation, ...init.layer(), ...reg }));
    if (spec.dropout) model.add(tfl.layers.dropout({ rate: spec.dropout, seed: init.dropoutSeed() }));
  });
  const out = spec.outputs === 1 ? 'sigmoid' : 'softmax';
  model.add(tfl.layers.dense({ ...(spec.hidden.length === 0 ? { inputShape: [spec.inputs] } : {}), units: spec.outputs, activation: out, ...init.layer(), ...reg }));
  model.compile({ optimizer: optimizerOf(spec.optimizer, spec.learningRate), loss: spec.loss });
  return model;
}

/** The optimizer was passed as an instance, so the model does not own it: dispose both. */
export function disposeModel(model: tfl.LayersModel): void {
  const optimizer = model.optimizer as tf.Optimizer | undefined;
  model.dispose();
  optimizer?.dispose();
}

function targets(y: Int32Array, outputs: number): tf.Tensor {
  if (outputs === 1) return tf.tensor2d(Float32Array.from(y), [y.length, 1]);
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(y, 'int32'), outputs), 'float32'));
}

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
