import type { ReferenceConfig } from '../../registry/types.js';

export interface Lab4Config {
  name: ReferenceConfig;
  /** Slices are resized from 128×128 to size×size for training (1 = no resize at 128). */
  size: number;
  /** Square training patch cropped from a resized slice; prediction tiles the slice with it. */
  patch: number;
  /** Random patches drawn afresh from the training slices each epoch. */
  patchesPerEpoch: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Filters at the U-Net's top level (doubled at each of the two lower levels). */
  base: number;
}

/**
 * ci: seconds on wasm; small: the committed reference (both losses, 64² slices, 32² patches);
 * full: native resolution 128² with 64² patches and more epochs, for TAs with a faster backend.
 */
export function lab4Config(name: ReferenceConfig): Lab4Config {
  if (name === 'ci') return { name, size: 64, patch: 32, patchesPerEpoch: 128, epochs: 8, batchSize: 8, learningRate: 0.005, base: 8 };
  if (name === 'small') return { name, size: 64, patch: 32, patchesPerEpoch: 512, epochs: 16, batchSize: 16, learningRate: 0.005, base: 8 };
  return { name, size: 128, patch: 64, patchesPerEpoch: 512, epochs: 30, batchSize: 16, learningRate: 0.003, base: 16 };
}

/** The lab's claim, checked by its tests: the selected U-Net's mean foreground Dice beats the mean-mask baseline's by at least this much. */
export const LAB4_BASELINE_MARGIN = 0.2;
