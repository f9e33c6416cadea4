/**
 * The course's 2D U-Net (Ronneberger et al. 2015, shared/course/002), small enough for a CPU:
 * `depth` levels of two 3×3 conv + ReLU, 2×2 max-pool down, 2×2 transposed conv up with skip
 * concatenation, and a 1×1 softmax head. Input [batch, H, W, windows], output [batch, H, W, classes].
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { seededInit, type Rng } from '../../core/seed.js';

export interface UnetShape {
  size: number;
  channels: number;
  classes: number;
  /** Filters at the top level; doubled per level down. */
  base: number;
  /** Number of pooling steps; size must be divisible by 2^depth. */
  depth: number;
}

export function createUnet2d(s: UnetShape, rng: Rng): tfl.LayersModel {
  if (s.size % 2 ** s.depth !== 0) throw new Error(`U-Net: expected size divisible by 2^${s.depth}, got ${s.size}`);
  const init = seededInit(rng);
  const conv = (x: tfl.SymbolicTensor, filters: number, name: string): tfl.SymbolicTensor => {
    const a = tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init.heNormal(), name: `${name}_a` }).apply(x) as tfl.SymbolicTensor;
    return tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init.heNormal(), name: `${name}_b` }).apply(a) as tfl.SymbolicTensor;
  };
  const input = tfl.input({ shape: [s.size, s.size, s.channels], name: 'ct_slice' });
  const skips: tfl.SymbolicTensor[] = [];
  let x = input;
  for (let l = 0; l < s.depth; l++) {
    x = conv(x, s.base * 2 ** l, `down${l}`);
    skips.push(x);
    x = tfl.layers.maxPooling2d({ poolSize: 2, name: `pool${l}` }).apply(x) as tfl.SymbolicTensor;
  }
  x = conv(x, s.base * 2 ** s.depth, 'bottom');
  for (let l = s.depth - 1; l >= 0; l--) {
    x = tfl.layers.conv2dTranspose({ filters: s.base * 2 ** l, kernelSize: 2, strides: 2, padding: 'same', kernelInitializer: init.glorotUniform(), name: `up${l}` }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.concatenate({ name: `skip${l}` }).apply([skips[l]!, x]) as tfl.SymbolicTensor;
    x = conv(x, s.base * 2 ** l, `dec${l}`);
  }
  const out = tfl.layers.conv2d({ filters: s.classes, kernelSize: 1, activation: 'softmax', kernelInitializer: init.glorotUniform(), name: 'segmentation' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name: 'unet2d' });
}

/**
 * Class-weighted cross-entropy plus soft Dice over the foreground classes, the usual remedy
 * for a lesion class that covers well under 1 % of the voxels. yTrue is one-hot.
 */
export function diceCrossEntropyLoss(classWeights: readonly number[]): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  return (yTrue, yPred) => tf.tidy(() => {
    const c = classWeights.length;
    const w = tf.tensor1d(classWeights as number[]);
    const p = tf.clipByValue(yPred, 1e-7, 1 - 1e-7);
    const ce = tf.mean(tf.neg(tf.sum(tf.mul(tf.mul(yTrue, tf.log(p)), w), -1)));
    const axes = [0, 1, 2];
    const inter = tf.sum(tf.mul(yTrue, yPred), axes);
    const denom = tf.add(tf.sum(yTrue, axes), tf.sum(yPred, axes));
    const dice = tf.div(tf.add(tf.mul(inter, 2), 1), tf.add(denom, 1));
    const fg = tf.slice(dice, [1], [c - 1]);
    return tf.add(ce, tf.sub(1, tf.mean(fg)));
  });
}

export function compileUnet(model: tfl.LayersModel, learningRate: number, classWeights: readonly number[]): tfl.LayersModel {
  model.compile({ optimizer: tf.train.adam(learningRate), loss: diceCrossEntropyLoss(classWeights) });
  return model;
}
