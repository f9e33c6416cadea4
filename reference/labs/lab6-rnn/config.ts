import type { ReferenceConfig } from '../../registry/types.js';

export interface Lab6Config { name: ReferenceConfig; window: number; units: number; epochs: number; batchSize: number; learningRate: number; trainFraction: number }

/** Every config uses the whole series (3,360 samples); they differ in training length and width. */
export function lab6Config(name: ReferenceConfig): Lab6Config {
  const base = { name, window: 10, batchSize: 32, learningRate: 0.03, trainFraction: 0.7 };
  if (name === 'ci') return { ...base, units: 8, epochs: 6 };
  if (name === 'small') return { ...base, units: 16, epochs: 15 };
  return { ...base, units: 32, epochs: 40 };
}
