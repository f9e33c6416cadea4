/**
 * Seeded patch training: each epoch draws fresh random patches from the training slices with
 * the run's Rng (fit runs with shuffle: false, since tfjs's shuffle uses Math.random), then
 * scores the validation slices so the curves show Dice, not only the loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Rng } from '../../core/seed.js';
import type { Lab4Config } from './config.js';
import { samplePatches, type Slice } from './data.js';
import { predictSlices, scoreSlices } from './evaluate.js';

export { disposeModelAndOptimizer } from '../../core/fit.js';

export interface EpochLog { epoch: number; loss: number; valMeanDice: number }

export async function fitUnet(model: tfl.LayersModel, train: readonly Slice[], val: readonly Slice[], rng: Rng, config: Lab4Config, classes: number): Promise<EpochLog[]> {
  const log: EpochLog[] = [];
  for (let e = 0; e < config.epochs; e++) {
    const b = samplePatches(rng, train, config.patchesPerEpoch, config.patch, classes);
    const xs = tf.tensor4d(b.x, [b.count, b.patch, b.patch, 1]);
    const ys = tf.tensor4d(b.y, [b.count, b.patch, b.patch, classes]);
    try {
      const h = await model.fit(xs, ys, { epochs: 1, batchSize: config.batchSize, shuffle: false, verbose: 0 });
      const valMeanDice = scoreSlices(predictSlices(model, val, config.patch), val, classes).meanDice;
      log.push({ epoch: e + 1, loss: Number(h.history['loss']![0]), valMeanDice });
    } finally {
      xs.dispose(); ys.dispose();
    }
  }
  return log;
}
