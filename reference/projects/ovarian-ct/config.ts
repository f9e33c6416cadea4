import type { ReferenceConfig } from '../../registry/types.js';

export interface OvarianConfig {
  name: ReferenceConfig;
  /** Volume voxels [x, y, z] as written by the generator; tensors are [z, y, x]. */
  shape: [number, number, number];
  /** Training crop [x, y, z], also the sliding window of inference, and the share of crops that contain a lesion voxel. */
  crop: [number, number, number];
  foregroundProb: number;
  /** Crops drawn from each training patient per epoch (one optimisation step each). */
  cropsPerPatient: number;
  /** Overlap of neighbouring inference windows, as a share of the window. */
  overlap: number;
  /** Patients per split; the split is by patient id. */
  split: { train: number; val: number; test: number };
  /** U-Net channels per level, bottleneck last. */
  features: number[];
  seReduction: number;
  epochs: number;
  /** Early stopping: epochs without a better validation Dice. */
  patience: number;
  maxLr: number;
  weightDecay: number;
  amsgrad: boolean;
  ceWeight: number;
  /** Added to the soft Dice's numerator and denominator. */
  diceSmooth: number;
  deepWeight: number;
  backgroundWeight: number;
  /** Hounsfield window mapped to [0, 1] (brain/soft tissue; lesions are +30..45 HU). */
  windowHu: [number, number];
  /** Seed of the SYNTHETIC data set; fixed across training seeds, so seeds differ by training only. */
  dataSeed: number;
}

const COMMON = {
  seReduction: 4, maxLr: 1e-2, crop: [16, 16, 8] as [number, number, number], foregroundProb: 0.33, overlap: 0.5, weightDecay: 0.01, amsgrad: true,
  ceWeight: 0.7, diceSmooth: 1, deepWeight: 0.5, backgroundWeight: 0.01, windowHu: [-50, 150] as [number, number], dataSeed: 20250503,
};

/**
 * Measured on the ci data (tmp diagnostics, 2026-11-23), each change on its own:
 * - 16×16×8 crops (lesions are 30–250 voxels at 48×48×24), one-third containing a lesion as
 *   in nnU-Net: with 32×32×16 crops, two-thirds lesion-centred, 200 steps never got a training
 *   crop right (primary Dice 0.005); 16×16×8 steps are ~8× cheaper, so 800 fit the budget.
 * - sliding-window inference at the crop size (infer.ts): after 800 steps, validation primary
 *   Dice of the two volumes 0.03 / 0.07 on whole volumes, 0.18 / 0.54 through windows; with a
 *   third instead of two-thirds of the crops on a lesion, 0.43 / 0.71.
 * - soft-Dice smoothing 1 instead of the notebook's 1e-5: test primary Dice 0.559 → 0.659
 *   (ci, seed 1); README pitfall 9.
 * - backgroundWeight 0.01, not the notebook's 0.1, kept from the earlier recipe (lesions are ~1%
 *   of a lesion crop) and not re-tuned since.
 * Tried and dropped (ci, seed 1): drawing the lesion class before the voxel (primary 0.43) and
 * Dice over the classes present in the crop only (0.58); neither found a metastasis.
 * ci: about 2 min on wasm; small: the committed reference (48×48×24, [8, 16, 32], the issue's
 * size); full: the notebook's network on larger volumes, for GPU machines.
 */
export function ovarianConfig(name: ReferenceConfig): OvarianConfig {
  if (name === 'ci') {
    return { ...COMMON, name, shape: [48, 48, 24], split: { train: 8, val: 2, test: 4 }, features: [4, 8, 16], epochs: 25, cropsPerPatient: 4, patience: 25 };
  }
  if (name === 'small') {
    return { ...COMMON, name, shape: [48, 48, 24], split: { train: 16, val: 4, test: 12 }, features: [8, 16, 32], epochs: 25, cropsPerPatient: 3, patience: 10 };
  }
  return { ...COMMON, name, shape: [128, 128, 64], crop: [64, 64, 32], split: { train: 120, val: 30, test: 50 }, features: [32, 64, 128, 256], epochs: 50, cropsPerPatient: 2, patience: 10, maxLr: 1e-3 };
}

/** The registry's per-example error: a test volume counts as wrong when its mean foreground Dice is below this. */
export const VOLUME_ERROR_DICE = 0.5;
