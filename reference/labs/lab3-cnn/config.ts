import type { ReferenceConfig } from '../../registry/types.js';

export interface Lab3Config { name: ReferenceConfig; patch: number; trainCount: number; testCount: number; epochs: number; batchSize: number; learningRate: number }

/** ci: seconds on wasm; small: a fuller sample; full: most of the volume's brain voxels. */
export function lab3Config(name: ReferenceConfig): Lab3Config {
  const base = { name, patch: 15, batchSize: 32, learningRate: 0.003 };
  if (name === 'ci') return { ...base, trainCount: 1000, testCount: 400, epochs: 8 };
  if (name === 'small') return { ...base, trainCount: 4000, testCount: 1500, epochs: 12 };
  return { ...base, trainCount: 8000, testCount: 3000, epochs: 15 };
}

/** The lab's claim, checked by its tests: both models beat the majority class's test accuracy by at least this much. */
export const LAB3_MAJORITY_MARGIN = 0.1;
