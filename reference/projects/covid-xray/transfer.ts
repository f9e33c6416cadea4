/**
 * Task 3 (stretch): transfer learning on the offline MobileNetV2 that npm nsfwjs ships (NOT an
 * ImageNet-1k model; reference/core/model-io.ts explains why it stands in for ResNet50V2). The
 * backbone is frozen, so its pooled out_relu features are computed once and a new head
 * (dropout + dense sigmoid) is trained on them, with a search over batch size, learning rate
 * and dropout. Fine-tuning and Grad-CAM build on it (fine-tune.ts, run-transfer.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { lastSpatialLayerName, loadMobileNetV2FromNsfwjs } from '../../core/model-io.js';
import { seededInit, shuffledIndices, type Rng } from '../../core/seed.js';
import type { ImageSet } from './data.js';
import { disposeModel } from './model.js';

export const BACKBONE_SIZE = 224;
export const FEATURES = 1280;

export interface Backbone {
  /** [b, 224, 224, 3] in [0, 1] → [b, 7, 7, 1280] (out_relu). */
  features: tfl.LayersModel;
  layerName: string;
  dispose(): void;
}

export async function createBackbone(): Promise<Backbone> {
  const base = await loadMobileNetV2FromNsfwjs();
  const layerName = lastSpatialLayerName(base);
  const features = tfl.model({ inputs: base.inputs, outputs: base.getLayer(layerName).output as tfl.SymbolicTensor });
  return { features, layerName, dispose: () => base.dispose() };
}

/** Raw [0, 1] grey images (NOT normalised: the backbone has its own scale) → [k, 224, 224, 3]. */
export function backboneInput(set: ImageSet, start: number, end: number): tf.Tensor4D {
  return tf.tidy(() => {
    const px = set.size * set.size;
    const x = tf.tensor4d(set.x.subarray(start * px, end * px), [end - start, set.size, set.size, 1]);
    return tf.tile(tf.image.resizeBilinear(x, [BACKBONE_SIZE, BACKBONE_SIZE]), [1, 1, 1, 3]);
  });
}

/** Global-average-pooled out_relu features, [count × 1280] row-major. */
export async function extractFeatures(backbone: Backbone, set: ImageSet, batchSize = 16): Promise<Float32Array> {
  const out = new Float32Array(set.count * FEATURES);
  for (let s = 0; s < set.count; s += batchSize) {
    const e = Math.min(set.count, s + batchSize);
    const pooled = tf.tidy(() => tf.mean(backbone.features.predict(backboneInput(set, s, e)) as tf.Tensor4D, [1, 2]));
    out.set(await pooled.data(), s * FEATURES);
    pooled.dispose();
  }
  return out;
}

export interface TransferHyperparameters { batchSize: number; learningRate: number; dropout: number }

/** [b, 1280] → dropout → dense(1, sigmoid) = P(COVID). */
export function createTransferHead(hp: TransferHyperparameters, rng: Rng): tfl.Sequential {
  const init = seededInit(rng);
  const head = tfl.sequential();
  head.add(tfl.layers.dropout({ inputShape: [FEATURES], rate: hp.dropout, seed: init.dropoutSeed() }));
  head.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', ...init.layer() }));
  head.compile({ optimizer: tf.train.adam(hp.learningRate), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return head;
}

export interface FeatureSet { x: Float32Array; y: Float32Array; count: number }

function tensors(f: FeatureSet, order?: ArrayLike<number>): [tf.Tensor2D, tf.Tensor2D] {
  const idx = order ?? Array.from({ length: f.count }, (_, i) => i);
  const x = new Float32Array(idx.length * FEATURES), y = new Float32Array(idx.length);
  for (let k = 0; k < idx.length; k++) { x.set(f.x.subarray(idx[k]! * FEATURES, (idx[k]! + 1) * FEATURES), k * FEATURES); y[k] = f.y[idx[k]!]!; }
  return [tf.tensor2d(x, [idx.length, FEATURES]), tf.tensor2d(y, [idx.length, 1])];
}

export interface TransferRow extends TransferHyperparameters { run: number; best_epoch: number; val_loss: number; val_accuracy: number }

/** Head training with early stopping on val_loss; returns the epoch with the lowest val_loss. */
export async function fitHead(head: tfl.LayersModel, train: FeatureSet, val: FeatureSet, rng: Rng, hp: TransferHyperparameters, epochs: number, patience: number): Promise<{ bestEpoch: number; valLoss: number; valAccuracy: number }> {
  const [vx, vy] = tensors(val);
  let best = { bestEpoch: epochs, valLoss: Infinity, valAccuracy: NaN };
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const [x, y] = tensors(train, shuffledIndices(rng, train.count));
      try { await head.fit(x, y, { epochs: 1, batchSize: hp.batchSize, shuffle: false, verbose: 0 }); } finally { tf.dispose([x, y]); }
      const out = head.evaluate(vx, vy) as tf.Scalar[];
      const [loss, acc] = [(await out[0]!.data())[0]!, (await out[1]!.data())[0]!];
      tf.dispose(out);
      if (loss < best.valLoss) best = { bestEpoch: epoch, valLoss: loss, valAccuracy: acc };
      if (epoch - best.bestEpoch >= patience) break;
    }
  } finally {
    tf.dispose([vx, vy]);
  }
  return best;
}

/** Every combination of batch size × learning rate × dropout; one fresh head each. */
export async function searchTransfer(train: FeatureSet, val: FeatureSet, space: { [K in keyof TransferHyperparameters]: number[] }, rng: Rng, epochs: number, patience: number): Promise<TransferRow[]> {
  const rows: TransferRow[] = [];
  for (const batchSize of space.batchSize) for (const learningRate of space.learningRate) for (const dropout of space.dropout) {
    const hp = { batchSize, learningRate, dropout }, runRng = rng.fork();
    const head = createTransferHead(hp, runRng);
    try {
      const r = await fitHead(head, train, val, runRng, hp, epochs, patience);
      rows.push({ run: rows.length + 1, ...hp, best_epoch: r.bestEpoch, val_loss: r.valLoss, val_accuracy: r.valAccuracy });
    } finally {
      disposeModel(head);
    }
  }
  return rows;
}

export function transferCsv(rows: readonly TransferRow[]): string {
  const cols = ['run', 'batch_size', 'learning_rate', 'dropout', 'best_epoch', 'val_loss', 'val_accuracy'];
  return [cols.join(','), ...rows.map((r) => [r.run, r.batchSize, r.learningRate, r.dropout, r.best_epoch, r.val_loss, r.val_accuracy].join(','))].join('\n') + '\n';
}
