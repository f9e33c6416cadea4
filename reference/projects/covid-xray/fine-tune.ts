/**
 * Task 3's fine-tuning on this machine's budget: only the backbone's last block is trained,
 * so everything before it is frozen and its output is computed once per image ("stem"
 * activations, [7, 7, 160] for MobileNetV2). The last block (block_16 + Conv_1 + out_relu)
 * and the head are then trained on those cached activations with a smaller learning rate.
 * BatchNormalization stays in inference mode, as Keras recommends when fine-tuning.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { baseOutput, findCut, tailModel, tailTrainables } from '../../core/last-block.js';
import { shuffledIndices, type Rng } from '../../core/seed.js';
import { backboneInput, FEATURES, type Backbone } from './transfer.js';
import type { ImageSet } from './data.js';

export interface LastBlock {
  /** Frozen part: image → the last block's input. */
  stem: tfl.LayersModel;
  /** The last block, ending at the backbone's feature layer, on its own input; shares the backbone's weights. */
  tail: tfl.LayersModel;
  /** Shape of one stem activation, e.g. [7, 7, 160]. */
  stemShape: [number, number, number];
}

/** Splits the backbone where its last block starts (core/last-block.ts findCut). */
export function splitLastBlock(backbone: Backbone): LastBlock {
  const cut = findCut(backbone.features, backbone.layerName);
  const stemOut = baseOutput(backbone.features.getLayer(cut));
  const [, h, w, c] = stemOut.shape as number[];
  return {
    stem: tfl.model({ inputs: backbone.features.inputs, outputs: stemOut }),
    tail: tailModel(backbone.features, cut, backbone.layerName),
    stemShape: [h!, w!, c!],
  };
}

/** Stem activations of every image of a set, [count × h·w·c] row-major. */
export async function stemActivations(block: LastBlock, set: ImageSet, batchSize = 16): Promise<Float32Array> {
  const per = block.stemShape[0] * block.stemShape[1] * block.stemShape[2];
  const out = new Float32Array(set.count * per);
  for (let s = 0; s < set.count; s += batchSize) {
    const e = Math.min(set.count, s + batchSize);
    const act = tf.tidy(() => block.stem.predict(backboneInput(set, s, e)) as tf.Tensor);
    out.set(await act.data(), s * per);
    act.dispose();
  }
  return out;
}

/** The tail in inference mode (BatchNormalization uses its moving statistics), then global average pooling. */
export function pooledFromStem(block: LastBlock, stem: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const h = block.tail.apply(stem, { training: false }) as tf.Tensor;
    return tf.mean(h, [1, 2]) as tf.Tensor2D;
  });
}

/** Pooled features of cached stem activations, [count × 1280]. */
export async function featuresFromStem(block: LastBlock, stem: Float32Array, count: number, batchSize = 32): Promise<Float32Array> {
  const per = block.stemShape[0] * block.stemShape[1] * block.stemShape[2];
  const out = new Float32Array(count * FEATURES);
  for (let s = 0; s < count; s += batchSize) {
    const e = Math.min(count, s + batchSize);
    const pooled = tf.tidy(() => pooledFromStem(block, tf.tensor4d(stem.subarray(s * per, e * per), [e - s, ...block.stemShape])));
    out.set(await pooled.data(), s * FEATURES);
    pooled.dispose();
  }
  return out;
}

/** Per-feature standardisation that the head was trained behind (mean and std of the training features). */
export interface Standardiser { mean: Float32Array; std: Float32Array }

export interface FineTuneOptions { epochs: number; batchSize: number; learningRate: number }

/**
 * Trains the tail's convolution kernels and the head on cached stem activations (binary
 * cross-entropy, Adam). Returns the mean training loss of each epoch.
 */
export async function fineTuneLastBlock(block: LastBlock, head: tfl.LayersModel, scale: Standardiser, stem: Float32Array, y: Float32Array, rng: Rng, o: FineTuneOptions): Promise<number[]> {
  const per = block.stemShape[0] * block.stemShape[1] * block.stemShape[2];
  const kernels = tailTrainables(block.tail).flatMap((l) => l.trainableWeights.filter((w: tfl.LayerVariable) => /kernel/.test(w.name)));
  const vars = [...kernels, ...head.trainableWeights].map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(o.learningRate);
  const mean = tf.tensor1d(scale.mean), std = tf.tensor1d(scale.std);
  const losses: number[] = [];
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const order = shuffledIndices(rng, y.length);
      let sum = 0;
      for (let s = 0; s < order.length; s += o.batchSize) {
        const idx = order.slice(s, s + o.batchSize);
        const xb = new Float32Array(idx.length * per), yb = new Float32Array(idx.length);
        idx.forEach((i, k) => { xb.set(stem.subarray(i * per, (i + 1) * per), k * per); yb[k] = y[i]!; });
        const loss = tf.tidy(() => {
          const x = tf.tensor4d(xb, [idx.length, ...block.stemShape]), t = tf.tensor2d(yb, [idx.length, 1]);
          return optimizer.minimize(() => {
            const z = tf.div(tf.sub(pooledFromStem(block, x), mean), std);
            const p = tf.clipByValue(head.apply(z, { training: true }) as tf.Tensor, 1e-7, 1 - 1e-7);
            return tf.neg(tf.mean(tf.add(tf.mul(t, tf.log(p)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, p)))))) as tf.Scalar;
          }, true, vars)!;
        });
        sum += (await loss.data())[0]! * idx.length;
        loss.dispose();
      }
      losses.push(sum / order.length);
    }
  } finally {
    optimizer.dispose();
    tf.dispose([mean, std]);
  }
  return losses;
}

/**
 * One savable model, image → P(COVID): the (fine-tuned) backbone, global average pooling and a
 * dense sigmoid whose weights fold in the standardisation: w·((x − μ)/σ) + b = (w/σ)·x + (b − Σ w·μ/σ).
 * Dropout is the identity at inference, so the head reduces to that one layer.
 */
export function exportableModel(backbone: Backbone, head: tfl.LayersModel, scale: Standardiser): tfl.LayersModel {
  const dense = head.layers.find((l) => l.getClassName() === 'Dense');
  if (!dense) throw new Error('the head has no Dense layer');
  const [kernel, bias] = dense.getWeights() as [tf.Tensor2D, tf.Tensor1D];
  const w = kernel.dataSync(), b = bias.dataSync()[0]!;
  const folded = new Float32Array(FEATURES);
  let shift = 0;
  for (let j = 0; j < FEATURES; j++) { folded[j] = w[j]! / scale.std[j]!; shift += folded[j]! * scale.mean[j]!; }
  const pool = tfl.layers.globalAveragePooling2d({ name: 'covid_pool' });
  const out = tfl.layers.dense({ units: 1, activation: 'sigmoid', name: 'covid_head' });
  const output = out.apply(pool.apply(backbone.features.outputs[0]!)) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: backbone.features.inputs, outputs: output, name: 'covid_transfer' });
  const k = tf.tensor2d(folded, [FEATURES, 1]), c = tf.tensor1d([b - shift]);
  out.setWeights([k, c]);
  tf.dispose([k, c]);
  return model;
}
