/** The recurrent models and the non-sequential baseline, compiled alike (Adam, binary cross-entropy). */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { seededInit, type Rng } from '../../core/seed.js';

export type SequenceModelKind = 'lstm' | 'gru' | 'dense';

export function createSequenceModel(kind: SequenceModelKind, window: number, units: number, rng: Rng, learningRate: number): tfl.Sequential {
  const init = seededInit(rng);
  const m = tfl.sequential();
  if (kind === 'dense') {
    // Sees the same window, but as an unordered vector: no notion of time steps.
    m.add(tfl.layers.flatten({ inputShape: [window, 1] }));
    m.add(tfl.layers.dense({ units, activation: 'relu', ...init.layer() }));
  } else {
    const rnn = { inputShape: [window, 1], units, goBackwards: true, kernelInitializer: init.glorotUniform(), recurrentInitializer: init.glorotUniform() };
    m.add(kind === 'lstm' ? tfl.layers.lstm(rnn) : tfl.layers.gru(rnn));
  }
  m.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', ...init.layer() }));
  m.compile({ optimizer: tf.train.adam(learningRate), loss: 'binaryCrossentropy' });
  return m;
}
