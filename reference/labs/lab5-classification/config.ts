import type { ReferenceConfig } from '../../registry/types.js';
import type { AugmentOptions } from './augment.js';

export interface Lab5Config {
  name: ReferenceConfig;
  /** ct-lesions options: `small` uses exactly rubrics/lab5.yaml's dataset, so its band grades students. */
  data: { count: number; size: number; seed: number };
  epochs: number;
  batchSize: number;
  learningRate: number;
  augment: AugmentOptions;
}

/** The rubric's dataset (rubrics/lab5.yaml task.datasetOptions). */
export const LAB5_DATASET = { count: 960, size: 64, seed: 20250505 };

/** Small rotations, intensity/contrast jitter and noise; no flips (see augment.ts). */
export const LAB5_AUGMENT: AugmentOptions = { maxRotateDeg: 10, maxShift: 2, contrast: 0.1, brightness: 0.05, noise: 0.01 };

/** ci: well under a minute; small: the committed reference (about 1–2 minutes a seed); full: a TA's bigger set. */
export function lab5Config(name: ReferenceConfig): Lab5Config {
  const base = { name, batchSize: 32, learningRate: 0.001, augment: LAB5_AUGMENT };
  if (name === 'ci') return { ...base, data: { ...LAB5_DATASET, count: 960 }, epochs: 8 };
  if (name === 'small') return { ...base, data: LAB5_DATASET, epochs: 14 };
  return { ...base, data: { ...LAB5_DATASET, count: 2400, size: 64 }, epochs: 40 };
}

/**
 * The lab's claims, checked by its tests: the class-weighted CNN beats the majority class
 * (balanced accuracy 0.5, AUC 0.5) by at least these margins, and its sensitivity is at
 * least the unweighted model's.
 */
export const LAB5_MARGINS = { balancedAccuracy: 0.1, rocAuc: 0.15 };
