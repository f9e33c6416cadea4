/**
 * The lab 5 CNN: three convolution stages (8, 16, 32 filters, 3×3, max pooling) and a dense
 * head on the flattened 8×8 map, deeper than lab 3's two-stage net. The dense head keeps where a
 * bright spot lies (inside the brain, not at the skull's edge), which a global max pooling head
 * could not learn here from a few hundred slices (measured). The last convolution is named
 * `last_conv` for Grad-CAM (lab 8).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { seededInit, type Rng } from '../../core/seed.js';

export const LAB5_GRADCAM_LAYER = 'last_conv';

/** Input [size, size, 1] in [0, 1]; output [1] = P(Lesion). */
export function createLab5Cnn(size: number, rng: Rng): tfl.LayersModel {
  const init = seededInit(rng);
  const conv = (filters: number, name: string, inputShape?: number[]) =>
    tfl.layers.conv2d({ ...(inputShape ? { inputShape } : {}), filters, kernelSize: 3, padding: 'same', activation: 'relu', ...init.layer(), name });
  const m = tfl.sequential();
  m.add(conv(8, 'conv1', [size, size, 1]));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(conv(16, 'conv2'));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(conv(32, LAB5_GRADCAM_LAYER));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 32, activation: 'relu', ...init.layer(), name: 'hidden' }));
  m.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', ...init.layer(), name: 'output' }));
  return m;
}

export function compileLab5(model: tfl.LayersModel, learningRate: number): tfl.LayersModel {
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** Balanced class weights (sklearn's 'balanced'): n / (2 · n_class), so both classes weigh the same in the loss. */
export function balancedClassWeights(y: ArrayLike<number>): { 0: number; 1: number } {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i]!;
  const neg = y.length - pos;
  return { 0: y.length / (2 * Math.max(1, neg)), 1: y.length / (2 * Math.max(1, pos)) };
}
