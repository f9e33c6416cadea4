/**
 * Seeded training with early stopping on the validation subjects' mean Dice. We shuffle
 * slices with our Rng and call fit with shuffle: false (tfjs shuffles with Math.random),
 * and restore the weights of the best validation epoch.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { shuffledIndices, type Rng } from '../../core/seed.js';
import type { CtVolume, SliceSet } from './data.js';
import { predictSlices, scoreSubjects } from './evaluate.js';

export interface EpochRecord { epoch: number; loss: number; valMeanDice: number; valDiceBone: number; valDiceLesion: number; seconds: number }
export interface FitResult { history: EpochRecord[]; bestEpoch: number }

export async function fitWithEarlyStopping(
  model: tfl.LayersModel, train: SliceSet, val: { slices: SliceSet; volumes: CtVolume[] }, rng: Rng,
  opts: { epochs: number; patience: number; batchSize: number; classes: number },
): Promise<FitResult> {
  const per = train.size * train.size;
  const history: EpochRecord[] = [];
  let best = -1; let bestEpoch = 0; let bestWeights: tf.Tensor[] | null = null;
  try {
    for (let e = 1; e <= opts.epochs; e++) {
      const t0 = Date.now();
      const idx = shuffledIndices(rng, train.count);
      const x = new Float32Array(train.x.length);
      const labels = new Int32Array(train.labels.length);
      idx.forEach((j, i) => {
        x.set(train.x.subarray(j * per * train.channels, (j + 1) * per * train.channels), i * per * train.channels);
        labels.set(train.labels.subarray(j * per, (j + 1) * per), i * per);
      });
      const xs = tf.tensor4d(x, [train.count, train.size, train.size, train.channels]);
      const ys = tf.tidy(() => tf.oneHot(tf.tensor3d(labels, [train.count, train.size, train.size], 'int32'), opts.classes));
      let loss: number;
      try {
        const h = await model.fit(xs, ys, { epochs: 1, batchSize: opts.batchSize, shuffle: false, verbose: 0 });
        loss = Number(h.history['loss']![0]);
      } finally {
        xs.dispose(); ys.dispose();
      }
      const scores = scoreSubjects(await predictSlices(model, val.slices), val.volumes);
      history.push({ epoch: e, loss, valMeanDice: scores.mean_dice, valDiceBone: scores.dice_bone, valDiceLesion: scores.dice_lesion, seconds: (Date.now() - t0) / 1000 });
      if (scores.mean_dice > best) {
        best = scores.mean_dice; bestEpoch = e;
        bestWeights?.forEach((w) => w.dispose());
        bestWeights = model.getWeights().map((w) => w.clone());
      } else if (e - bestEpoch >= opts.patience) {
        break;
      }
    }
    if (bestWeights) model.setWeights(bestWeights);
  } finally {
    bestWeights?.forEach((w) => w.dispose());
  }
  return { history, bestEpoch };
}
