/**
 * Seeded training for lab 5: each epoch augments the training slices afresh and shuffles them
 * with our Rng, then fits one epoch with shuffle: false (tfjs's own shuffle uses Math.random).
 * Class weighting is the only thing that differs between the lab's two models.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { rocAuc } from '../../../harness/metrics/index.js';
import { selectBackend, type BackendChoice, type BackendName } from '../../core/backend.js';
import { createRng, shuffledIndices, type Rng } from '../../core/seed.js';
import { loadCtLesions, type CtLesions, type CtLesionSet } from '../../data/ct-lesions/index.js';
import { augmentBatch } from './augment.js';
import { lab5Config, type Lab5Config } from './config.js';
import { balancedClassWeights, compileLab5, createLab5Cnn } from './model.js';
import type { ReferenceConfig } from '../../registry/types.js';

export type Weighting = 'none' | 'balanced';
export interface EpochRecord { epoch: number; loss: number; val_loss: number; val_auc: number }

/** P(Lesion) for every slice of a set, in its order. */
export async function predictLesion(model: tfl.LayersModel, set: CtLesionSet): Promise<Float32Array> {
  const xs = tf.tensor4d(set.x, [set.count, ...set.shape]);
  try {
    const out = model.predict(xs, { batchSize: 64 }) as tf.Tensor;
    const p = Float32Array.from(await out.data());
    out.dispose();
    return p;
  } finally {
    xs.dispose();
  }
}

function crossEntropy(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) { const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]!)); s -= y[i]! ? Math.log(q) : Math.log(1 - q); }
  return s / y.length;
}

/** Trains `model` in place; returns train loss (weighted, as optimised), val loss (unweighted) and val AUC per epoch. */
export async function fitLab5(model: tfl.LayersModel, data: CtLesions, rng: Rng, config: Lab5Config, weighting: Weighting): Promise<EpochRecord[]> {
  const { train, val, size } = data;
  const px = size * size;
  const classWeight = weighting === 'balanced' ? balancedClassWeights(train.y) : undefined;
  const history: EpochRecord[] = [];
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const augmented = augmentBatch(train.x, train.count, size, rng, config.augment);
    const idx = shuffledIndices(rng, train.count);
    const x = new Float32Array(train.count * px), y = new Float32Array(train.count);
    idx.forEach((j, i) => { x.set(augmented.subarray(j * px, (j + 1) * px), i * px); y[i] = train.y[j]!; });
    const xs = tf.tensor4d(x, [train.count, size, size, 1]), ys = tf.tensor2d(y, [train.count, 1]);
    let loss: number;
    try {
      const h = await model.fit(xs, ys, { epochs: 1, batchSize: config.batchSize, shuffle: false, verbose: 0, ...(classWeight ? { classWeight } : {}) });
      loss = Number(h.history['loss']![0]);
    } finally {
      xs.dispose(); ys.dispose();
    }
    const p = await predictLesion(model, val);
    history.push({ epoch: epoch + 1, loss, val_loss: crossEntropy(val.y, p), val_auc: rocAuc(val.y, p) });
  }
  return history;
}

export interface TrainedLab5 {
  model: tfl.LayersModel;
  data: CtLesions;
  history: EpochRecord[];
  seconds: number;
  backend: BackendChoice;
  config: Lab5Config;
}

/**
 * Builds the lab 5 data (ct-lesions, in memory) and trains one CNN with augmentation.
 * Default weighting 'balanced' is the lab's recommended model (lab 8 explains it). The
 * caller disposes the model (disposeModelAndOptimizer). `data` may be passed to reuse it.
 */
export async function trainLab5Model(config: Lab5Config | ReferenceConfig, seed: number,
  options: { weighting?: Weighting; prefer?: BackendName; data?: CtLesions } = {}): Promise<TrainedLab5> {
  const c = typeof config === 'string' ? lab5Config(config) : config;
  const backend = await selectBackend(options.prefer ? { prefer: options.prefer } : {});
  const data = options.data ?? loadCtLesions(c.data);
  const rng = createRng(seed);
  const model = compileLab5(createLab5Cnn(data.size, rng.fork()), c.learningRate);
  const t0 = Date.now();
  const history = await fitLab5(model, data, rng.fork(), c, options.weighting ?? 'balanced');
  return { model, data, history, seconds: (Date.now() - t0) / 1000, backend, config: c };
}

/** model.dispose() leaves an optimizer passed as an object alive; free both. */
export function disposeLab5Model(model: tfl.LayersModel): void {
  const opt = model.optimizer;
  model.dispose();
  opt?.dispose();
}
