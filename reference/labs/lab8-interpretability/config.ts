import type { ReferenceConfig } from '../../registry/types.js';

export interface Lab8Config {
  name: ReferenceConfig;
  /** Lesion images explained per model (Grad-CAM + saliency each); the first lesion test images. */
  explain: number;
  /** Examples per TP/FP/TN/FN group in the overlay figures. */
  groupExamples: number;
  /** Permutations for the localisation test. */
  permutations: number;
  /** Levels per corruption, clean included (defaultCorruptions): every level costs a pass over the test set per model. */
  sweepLevels: 3 | 4 | 6;
  /** Robustness on the first N test images only (ci: MobileNetV2 at 224² costs one pass per image and level); all when absent. */
  robustnessImages?: number;
  /** Lab 7's last block fine-tuned (slower) rather than frozen features + head. */
  fineTuneLab7: boolean;
  /** Overlay tiles are scaled by this for visibility. */
  figureScale: number;
}

/**
 * ci: the first 8 lesion test images, 3 levels per corruption; small: every lesion test image of
 * the rubric-sized data, 4 levels; full: every lesion image, 6 levels, lab 7 fine-tuned.
 * Most of the time goes into MobileNetV2 at 224×224 (lab 7): one pass per test image and level.
 */
export function lab8Config(name: ReferenceConfig): Lab8Config {
  if (name === 'ci') return { name, explain: 8, groupExamples: 3, permutations: 500, sweepLevels: 3, robustnessImages: 64, fineTuneLab7: false, figureScale: 2 };
  if (name === 'small') return { name, explain: 60, groupExamples: 4, permutations: 2000, sweepLevels: 4, fineTuneLab7: false, figureScale: 2 };
  return { name, explain: 400, groupExamples: 6, permutations: 5000, sweepLevels: 6, fineTuneLab7: true, figureScale: 2 };
}

/**
 * The lab's claims, checked by its tests: on lesion test images, the mean share of Grad-CAM and
 * saliency mass inside the lesion exceeds the chance level (the lesion's area fraction) by at
 * least this factor, for the models trained here.
 */
export const LAB8_MIN_RATIO_OVER_CHANCE = 1.25;
