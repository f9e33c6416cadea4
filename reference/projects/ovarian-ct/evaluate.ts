/**
 * Test-set scoring per volume and per class with harness/metrics: Dice in the course's
 * convention (1.0 when prediction and truth are both empty, 0 when only one is) and, as a
 * second column, MONAI's DiceMetric default (empty truth → NaN, left out of means). Also the
 * two trivial baselines the reference must beat.
 */
import { diceScores, iouScores, nanMean } from '../../../harness/metrics/index.js';
import type { CtCase } from './data.js';

export const CLASS_NAMES = ['background', 'primary', 'metastasis'] as const;

export interface VolumeScore {
  id: string;
  patient: string;
  /** Per class 0..2, course convention. */
  dice: number[];
  /** Per class 0..2, MONAI default (NaN when the class is absent from the truth). */
  diceMonai: number[];
  iou: number[];
  /** Mean of primary and metastasis Dice (course convention). */
  meanForeground: number;
  /** Voxels per class in truth and prediction. */
  truthVoxels: number[];
  predVoxels: number[];
}

export function scoreVolume(c: CtCase, pred: Uint8Array): VolumeScore {
  const shape = [c.shape[2], c.shape[1], c.shape[0]];
  const p = { labels: pred, shape }, t = { labels: c.labels, shape };
  const dice = diceScores(p, t, { numClasses: 3, emptyBoth: 'one' });
  const count = (a: Uint8Array): number[] => { const n = [0, 0, 0]; for (const v of a) n[v]!++; return n; };
  return {
    id: c.id, patient: c.patient, dice,
    diceMonai: diceScores(p, t, { numClasses: 3 }),
    iou: iouScores(p, t, { numClasses: 3, emptyBoth: 'one' }),
    meanForeground: (dice[1]! + dice[2]!) / 2,
    truthVoxels: count(c.labels), predVoxels: count(pred),
  };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const varianceOfMean = (xs: readonly number[]): number => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length;
};

/**
 * The registry's metrics: means over test volumes. mean_dice is the mean of the two
 * foreground classes (the background's ≈0.99 would hide a failed lesion class).
 * samplingVariance is the variance of each mean over volumes (s²/n), the test-set term of
 * the band: per-volume Dice is not a binomial proportion.
 */
export function summariseScores(scores: readonly VolumeScore[]): { metrics: Record<string, number>; samplingVariance: Record<string, number> } {
  const columns: Record<string, number[]> = {
    dice_primary: scores.map((s) => s.dice[1]!),
    dice_metastasis: scores.map((s) => s.dice[2]!),
    mean_dice: scores.map((s) => s.meanForeground),
    iou_primary: scores.map((s) => s.iou[1]!),
    iou_metastasis: scores.map((s) => s.iou[2]!),
    dice_background: scores.map((s) => s.dice[0]!),
  };
  const metrics: Record<string, number> = {}, samplingVariance: Record<string, number> = {};
  for (const [k, xs] of Object.entries(columns)) { metrics[k] = mean(xs); samplingVariance[k] = varianceOfMean(xs); }
  return { metrics, samplingVariance };
}

/** MONAI-style class means (NaN volumes skipped), for the summary's second column. */
export function monaiMeans(scores: readonly VolumeScore[]): number[] {
  return [0, 1, 2].map((c) => nanMean(scores.map((s) => s.diceMonai[c]!)));
}

const f4 = (v: number): string => (Number.isNaN(v) ? 'nan' : v.toFixed(4));

/** One row per test volume: course-convention Dice, MONAI Dice, IoU per class, voxel counts. */
export function perClassCsv(scores: readonly VolumeScore[]): string {
  const head = ['volume', 'patient', ...CLASS_NAMES.map((n) => `dice_${n}`), ...CLASS_NAMES.map((n) => `monai_dice_${n}`),
    ...CLASS_NAMES.map((n) => `iou_${n}`), 'mean_dice', 'truth_primary_voxels', 'truth_metastasis_voxels', 'pred_primary_voxels', 'pred_metastasis_voxels'];
  const rows = scores.map((s) => [s.id, s.patient, ...s.dice.map(f4), ...s.diceMonai.map(f4), ...s.iou.map(f4), f4(s.meanForeground),
    s.truthVoxels[1], s.truthVoxels[2], s.predVoxels[1], s.predVoxels[2]].join(','));
  return [head.join(','), ...rows].join('\n') + '\n';
}

/** Baseline 1: every voxel background. */
export function allBackground(c: CtCase): Uint8Array {
  return new Uint8Array(c.labels.length);
}

export interface HuBand { lo: number; hi: number }

/**
 * Baseline 2: label every voxel with lo ≤ HU ≤ hi as primary tumour; the band is the one
 * that maximises the mean foreground Dice on the training volumes (a grid of 10 HU steps).
 */
export function fitHuBand(train: readonly CtCase[]): HuBand {
  // Cumulative HU histograms per class (1 HU bins) make each candidate band O(1) per volume.
  const LO = -1024, N = 4096;
  const cum = train.map((c) => {
    const h = [new Float64Array(N + 1), new Float64Array(N + 1)]; // [all voxels, primary voxels]
    let truthPrimary = 0, truthMeta = 0;
    for (let i = 0; i < c.hu.length; i++) {
      const b = Math.min(N - 1, Math.max(0, Math.round(c.hu[i]!) - LO)) + 1;
      h[0]![b]!++;
      if (c.labels[i] === 1) { h[1]![b]!++; truthPrimary++; } else if (c.labels[i] === 2) truthMeta++;
    }
    for (const a of h) for (let k = 1; k <= N; k++) a[k]! += a[k - 1]!;
    return { h, truthPrimary, truthMeta };
  });
  let best: HuBand = { lo: 0, hi: 0 }, bestScore = -1;
  for (let lo = 0; lo <= 200; lo += 10) {
    for (let hi = lo + 10; hi <= lo + 200; hi += 10) {
      const a = lo - LO, b = hi - LO + 1;
      const s = mean(cum.map(({ h, truthPrimary, truthMeta }) => {
        const pred = h[0]![b]! - h[0]![a]!, inter = h[1]![b]! - h[1]![a]!;
        const d1 = truthPrimary + pred === 0 ? 1 : (2 * inter) / (truthPrimary + pred);
        return (d1 + (truthMeta === 0 ? 1 : 0)) / 2;
      }));
      if (s > bestScore) { bestScore = s; best = { lo, hi }; }
    }
  }
  return best;
}

export function applyHuBand(c: CtCase, band: HuBand): Uint8Array {
  const out = new Uint8Array(c.hu.length);
  for (let i = 0; i < out.length; i++) if (c.hu[i]! >= band.lo && c.hu[i]! <= band.hi) out[i] = 1;
  return out;
}
