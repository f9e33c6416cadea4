/**
 * Task 2: the baseline CNN, a convolutional part then a dense part with dropout.
 * Input [batch, size, size, 1] (normalised grey), output [batch, 1] = P(COVID).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { seededInit, type Rng } from '../../core/seed.js';

export interface BaselineHyperparameters {
  /** Filters of the first convolution; the second has twice as many. */
  filters: number;
  denseUnits: number;
  dropout: number;
  learningRate: number;
}

/** conv(f)-pool-conv(2f)-pool-flatten-dense(u)-dropout-dense(1, sigmoid); every initialiser and the dropout seeded from rng. */
export function createBaselineModel(size: number, hp: BaselineHyperparameters, rng: Rng): tfl.Sequential {
  const init = seededInit(rng);
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [size, size, 1], filters: hp.filters, kernelSize: 3, padding: 'same', activation: 'relu', ...init.layer() }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: hp.filters * 2, kernelSize: 3, padding: 'same', activation: 'relu', ...init.layer() }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: hp.denseUnits, activation: 'relu', ...init.layer() }));
  model.add(tfl.layers.dropout({ rate: hp.dropout, seed: init.dropoutSeed() }));
  model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', ...init.layer() }));
  compileBaseline(model, hp.learningRate);
  return model;
}

/** Adam + binary cross-entropy; also used after reloading a saved model. */
export function compileBaseline(model: tfl.LayersModel, learningRate: number): void {
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
}

/** Disposes the model and its optimizer: an optimizer passed as an instance is not owned by the model, so model.dispose() leaves its variables. */
export function disposeModel(model: tfl.LayersModel): void {
  const optimizer = model.optimizer as tf.Optimizer | undefined;
  model.dispose();
  optimizer?.dispose();
}
