/**
 * Metric vs corruption strength: every test image is corrupted at each level (the same seeded
 * noise for every model) and re-scored with the harness's own metrics at threshold 0.5.
 */
import { accuracy, balancedAccuracy, rocAuc, sensitivity, specificity } from '../../../harness/metrics/index.js';
import { createRng } from '../../core/seed.js';
import { corruptImages, type Corruption, type CorruptionName } from './corrupt.js';
import { predictImages } from './localise.js';
import type { ExplainableModel, LabelledImages } from './types.js';

export interface ClassifierScores { roc_auc: number; accuracy: number; balanced_accuracy: number; sensitivity: number; specificity: number }

export interface RobustnessRow extends ClassifierScores { model: string; corruption: CorruptionName; level: number }

export function scoreProbabilities(y: ArrayLike<number>, p: ArrayLike<number>): ClassifierScores {
  const pred = Array.from(p, (v) => (v >= 0.5 ? 1 : 0));
  return {
    roc_auc: rocAuc(y, p), accuracy: accuracy(y, pred), balanced_accuracy: balancedAccuracy(y, pred),
    sensitivity: sensitivity(y, pred, { zeroDivision: 0 }), specificity: specificity(y, pred, { zeroDivision: 0 }),
  };
}

/**
 * One row per (corruption, level). `noiseSeed` fixes the noise, so two models (or two runs)
 * see identical corrupted images; the clean level is predicted once and reused.
 */
export async function robustnessSweep(subject: ExplainableModel, data: LabelledImages, corruptions: readonly Corruption[], noiseSeed: number): Promise<RobustnessRow[]> {
  const rows: RobustnessRow[] = [];
  let clean: Float32Array | undefined;
  for (const c of corruptions) {
    const rng = createRng(noiseSeed);
    for (const level of c.levels) {
      const isClean = level === c.levels[0];
      const p = isClean
        ? (clean ??= await predictImages(subject, data.x, data.count, data.size))
        : await predictImages(subject, corruptImages(data.x, data.count, data.size, c.name, level, rng), data.count, data.size);
      rows.push({ model: subject.id, corruption: c.name, level, ...scoreProbabilities(data.y, p) });
    }
  }
  return rows;
}
