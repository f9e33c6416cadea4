import type { ReferenceConfig } from '../../registry/types.js';

export interface Lab8Config {
  name: ReferenceConfig;
  /** Lesion images explained per model (Grad-CAM + saliency each); the first lesion test images. */
  explain: number;
  /** Examples per TP/FP/TN/FN group in the overlay figures. */
  groupExamples: number;
  /** Permutations for the localisation test. */
  permutations: number;
  /** Short corruption sweeps (4 levels each) instead of 6. */
  shortSweep: boolean;
  /** Overlay tiles are scaled by this for visibility. */
  figureScale: number;
}

/** ci: seconds beyond training the models; small: every lesion test image; full: the same at full size. */
export function lab8Config(name: ReferenceConfig): Lab8Config {
  if (name === 'ci') return { name, explain: 12, groupExamples: 3, permutations: 500, shortSweep: true, figureScale: 2 };
  if (name === 'small') return { name, explain: 60, groupExamples: 4, permutations: 2000, shortSweep: false, figureScale: 2 };
  return { name, explain: 400, groupExamples: 6, permutations: 5000, shortSweep: false, figureScale: 2 };
}

/**
 * The lab's claims, checked by its tests: on lesion test images, the mean share of Grad-CAM and
 * saliency mass inside the lesion exceeds the chance level (the lesion's area fraction) by at
 * least this factor, for the models trained here.
 */
export const LAB8_MIN_RATIO_OVER_CHANCE = 1.25;
