/**
 * Dense models shared by labs 1 and 2: logistic regression (no hidden layer) or an MLP, with a sigmoid
 * (binary) or softmax output, compiled with the optimizer the spec names. Every initialiser is seeded.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { seededInit, type Rng } from '../../core/seed.js';

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

