/**
 * A 3-level 2D U-Net (two 3×3 convs per level, max-pool down, transposed conv up, skip
 * concatenation) with a softmax over the classes, and the two losses the lab compares.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import { seededInit, type Rng, type SeededInit } from '../../core/seed.js';

export type LossName = 'cross_entropy' | 'dice';

function convBlock(init: SeededInit, x: SymbolicTensor, filters: number, name: string): SymbolicTensor {
  const a = tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', ...init.layer(), name: `${name}_a` }).apply(x);
  return tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', ...init.layer(), name: `${name}_b` }).apply(a) as SymbolicTensor;
}

/** [patch, patch, 1] → [patch, patch, classes] softmax; patch must be divisible by 4. */
export function createUnet(patch: number, classes: number, base: number, rng: Rng): tfl.LayersModel {
  if (patch % 4 !== 0) throw new Error(`patch must be divisible by 4 (two poolings), got ${patch}`);
  const init = seededInit(rng);
  const input = tfl.input({ shape: [patch, patch, 1] });
  const pool = (x: SymbolicTensor): SymbolicTensor => tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x) as SymbolicTensor;
  const up = (x: SymbolicTensor, filters: number, name: string): SymbolicTensor =>
    tfl.layers.conv2dTranspose({ filters, kernelSize: 2, strides: 2, padding: 'same', ...init.layer(), name }).apply(x) as SymbolicTensor;
  const e1 = convBlock(init, input, base, 'enc1');
  const e2 = convBlock(init, pool(e1), base * 2, 'enc2');
  const mid = convBlock(init, pool(e2), base * 4, 'bottleneck');
  const d2 = convBlock(init, tfl.layers.concatenate().apply([up(mid, base * 2, 'up2'), e2]) as SymbolicTensor, base * 2, 'dec2');
  const d1 = convBlock(init, tfl.layers.concatenate().apply([up(d2, base, 'up1'), e1]) as SymbolicTensor, base, 'dec1');
  const out = tfl.layers.conv2d({ filters: classes, kernelSize: 1, activation: 'softmax', ...init.layer(), name: 'classes' }).apply(d1) as SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out });
}

/**
 * Soft multi-class Dice loss: 1 − mean over classes of (2·Σ p·g + ε) / (Σ p + Σ g + ε), the sums
 * over the batch and all pixels. Pooling over the batch keeps a class absent from one patch
 * from dominating the gradient; ε = 1 keeps an absent class's term near 1 rather than 0/0.
 */
export function softDiceLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const axes = [0, 1, 2];
    const inter = tf.sum(tf.mul(yTrue, yPred), axes);
    const denom = tf.add(tf.sum(yTrue, axes), tf.sum(yPred, axes));
    const dice = tf.div(tf.add(tf.mul(inter, 2), 1), tf.add(denom, 1));
    return tf.sub(1, tf.mean(dice));
  });
}

/** Adam at a fixed rate with the chosen loss; each model gets its own optimizer. */
export function compileUnet(model: tfl.LayersModel, loss: LossName, learningRate: number): tfl.LayersModel {
  model.compile({ optimizer: tf.train.adam(learningRate), loss: loss === 'dice' ? softDiceLoss : 'categoricalCrossentropy' });
  return model;
}
