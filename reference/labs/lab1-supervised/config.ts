/** ci runs in seconds for tests; small is the registry's default; full is the lab as taught. All use the real table. */
import type { ReferenceConfig } from '../../registry/types.js';

export interface Lab1Config {
  name: ReferenceConfig;
  split: { val: number; test: number };
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Hidden width of "the" small MLP. */
  mlpHidden: number;
  /** Capacity sweep: one hidden layer of each width. */
  capacity: number[];
  /** Learning curve: fractions of the training split. */
  trainFractions: number[];
  /** The lab's stated margin: test accuracy must beat the majority class by at least this. */
  margin: number;
}

export function lab1Config(name: ReferenceConfig): Lab1Config {
  const base = { name, split: { val: 0.2, test: 0.2 }, batchSize: 32, learningRate: 0.01, mlpHidden: 16, margin: 0.2 };
  if (name === 'ci') return { ...base, epochs: 15, capacity: [1, 8, 64], trainFractions: [0.1, 0.5, 1] };
  if (name === 'small') return { ...base, epochs: 40, capacity: [1, 2, 4, 8, 16, 32, 64], trainFractions: [0.05, 0.1, 0.25, 0.5, 1] };
  return { ...base, epochs: 100, capacity: [1, 2, 4, 8, 16, 32, 64], trainFractions: [0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1] };
}
