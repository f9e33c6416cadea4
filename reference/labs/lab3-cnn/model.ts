/** The two models compared, built to a similar parameter count (reported by countParams). */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { seededInit, type Rng } from '../../core/seed.js';

/** Adam at a fixed rate, binary cross-entropy: the same training recipe for both models. */
export function compileBinary<M extends tfl.LayersModel>(model: M, learningRate: number): M {
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

export function createCnn(patch: number, rng: Rng): tfl.Sequential {
  const init = seededInit(rng);
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ inputShape: [patch, patch, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', ...init.layer(), name: 'conv1' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', ...init.layer(), name: 'conv2' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', ...init.layer() }));
  return m;
}

/** Hidden units chosen so the dense net's parameter count is close to the CNN's. */
export function createDense(patch: number, rng: Rng, hidden = 6): tfl.Sequential {
  const init = seededInit(rng);
  const m = tfl.sequential();
  m.add(tfl.layers.flatten({ inputShape: [patch, patch, 1] }));
  m.add(tfl.layers.dense({ units: hidden, activation: 'relu', ...init.layer() }));
  m.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', ...init.layer() }));
  return m;
}
