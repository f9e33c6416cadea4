/**
 * Lab 3 training: both models get the same recipe (seeded shuffle each epoch, fit with
 * shuffle: false). The shared seeded helpers live in reference/core/fit.ts; re-exported here
 * so lab 3's public names stay where they were.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { fitSeeded, type ArraySet } from '../../core/fit.js';
import type { Rng } from '../../core/seed.js';
import type { Lab3Config } from './config.js';

export { fitSeeded, predictSet, disposeModelAndOptimizer, type ArraySet } from '../../core/fit.js';

/** Trains a compiled model in place with the lab's epochs and batch size; returns the loss per epoch. */
export async function trainLab3Model(model: tfl.LayersModel, train: ArraySet, rng: Rng, config: Lab3Config): Promise<number[]> {
  return fitSeeded(model, train, rng, { epochs: config.epochs, batchSize: config.batchSize });
}
