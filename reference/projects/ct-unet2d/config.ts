import type { ReferenceConfig } from '../../registry/types.js';

/** A Hounsfield window: HU in [level − width/2, level + width/2] maps linearly to [0, 1], clipped. */
export interface HuWindow { name: string; level: number; width: number }

/** Brain window (haemorrhage is +30..45 HU over brain) and bone window: one input channel each. */
export const CT_WINDOWS: readonly HuWindow[] = [
  { name: 'brain', level: 40, width: 80 },
  { name: 'bone', level: 600, width: 2000 },
];

export interface CtUnetConfig {
  name: ReferenceConfig;
  /** ct-subjects generator options: the small configuration uses its defaults (the grading data). */
  data: { seed: number; subjects: number; valSubjects: number; testSubjects: number; shape: [number, number, number] };
  base: number;
  depth: number;
  epochs: number;
  /** Early stopping on validation mean Dice: stop after this many epochs without a new best. */
  patience: number;
  batchSize: number;
  learningRate: number;
  /** Cross-entropy weights for background, bone, lesion. */
  classWeights: [number, number, number];
  /** Post-processing reported beside the raw result: lesion components below this many voxels become background. */
  minLesionVoxels: number;
}

/**
 * ci: ~1 min on one busy core; small: the committed reference (generator defaults, ≤ 4 min
 * per seed on the native backend); full: documented for GPUs (README).
 */
export function ctUnetConfig(name: ReferenceConfig): CtUnetConfig {
  const common = { name, depth: 3, batchSize: 16, classWeights: [1, 2, 10] as [number, number, number], minLesionVoxels: 8 };
  if (name === 'ci') {
    return { ...common, data: { seed: 20250610, subjects: 6, valSubjects: 1, testSubjects: 2, shape: [48, 48, 16] }, base: 8, epochs: 40, patience: 40, learningRate: 0.003 };
  }
  if (name === 'small') {
    return { ...common, data: { seed: 20250610, subjects: 12, valSubjects: 2, testSubjects: 3, shape: [64, 64, 32] }, base: 8, epochs: 30, patience: 8, learningRate: 0.003 };
  }
  return { ...common, data: { seed: 20250610, subjects: 60, valSubjects: 10, testSubjects: 15, shape: [128, 128, 64] }, base: 32, depth: 4, epochs: 100, patience: 15, batchSize: 16, learningRate: 0.001 };
}

/** The claim the tests check: the U-Net's mean Dice beats the all-background baseline (0) by at least this much in ci. */
export const CT_UNET_CI_MARGIN = 0.35;
