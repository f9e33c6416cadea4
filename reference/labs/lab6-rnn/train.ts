/**
 * Lab 6 training: every model gets the same recipe (seeded shuffle each epoch, fit with
 * shuffle: false) from reference/core/fit.ts.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { fitSeeded, type ArraySet } from '../../core/fit.js';
import type { Rng } from '../../core/seed.js';
import type { Lab6Config } from './config.js';

export { disposeModelAndOptimizer } from '../../core/fit.js';

/** Trains a compiled model in place with the lab's epochs and batch size; returns the loss per epoch. */
export async function trainSequenceModel(model: tfl.LayersModel, train: ArraySet, rng: Rng, config: Lab6Config): Promise<number[]> {
  return fitSeeded(model, train, rng, { epochs: config.epochs, batchSize: config.batchSize });
}
