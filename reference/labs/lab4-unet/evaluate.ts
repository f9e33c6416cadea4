/**
 * Tiled prediction (non-overlapping patch×patch tiles of a resized slice, stitched back) and
 * per-slice Dice/IoU per class at the slices' stored resolution, with harness/metrics so the
 * reference and the grading share one definition.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { diceScores, iouScores, nanMean } from '../../../harness/metrics/index.js';
import { upsampleMask, type Slice } from './data.js';

/** Class index per pixel for each slice (at the slice's own size, which must be a multiple of `patch`). */
export function predictSlices(model: tfl.LayersModel, slices: readonly Slice[], patch: number): Uint8Array[] {
  if (!slices.length) return [];
  const size = slices[0]!.size, per = size / patch;
  if (!Number.isInteger(per)) throw new Error(`slice size ${size} is not a multiple of the patch ${patch}`);
  const tiles = slices.length * per * per;
  const x = new Float32Array(tiles * patch * patch);
  slices.forEach((s, i) => {
    for (let ty = 0; ty < per; ty++) for (let tx = 0; tx < per; tx++) {
      const t = (i * per + ty) * per + tx;
      for (let r = 0; r < patch; r++) x.set(s.image.subarray((ty * patch + r) * size + tx * patch, (ty * patch + r) * size + tx * patch + patch), (t * patch + r) * patch);
    }
  });
  const labels = tf.tidy(() => tf.argMax(model.predict(tf.tensor4d(x, [tiles, patch, patch, 1]), { batchSize: 32 }) as tf.Tensor, -1).dataSync());
  return slices.map((_, i) => {
    const out = new Uint8Array(size * size);
    for (let ty = 0; ty < per; ty++) for (let tx = 0; tx < per; tx++) {
      const t = (i * per + ty) * per + tx;
      for (let r = 0; r < patch; r++) for (let c = 0; c < patch; c++) out[(ty * patch + r) * size + tx * patch + c] = labels[(t * patch + r) * patch + c]!;
    }
    return out;
  });
}

/** Per-class scores averaged over slices (NaN where a slice lacks the class is skipped, MONAI-style). */
export interface SegScores {
  dice: number[];
  iou: number[];
  /** Mean over the foreground classes (1..C-1) of `dice`. */
  meanDice: number;
  meanIou: number;
  /** Each slice's mean foreground Dice, in slice order. */
  perSlice: number[];
  /** Variance of each class's per-slice Dice divided by the slices that have it: the test-set sampling term. */
  diceVariance: number[];
}

/** Scores label maps (any size; upsampled by nearest neighbour) against the stored-resolution truth. */
export function scoreSlices(pred: readonly Uint8Array[], truth: readonly Slice[], classes: number): SegScores {
  const perClass: number[][] = Array.from({ length: classes }, () => []);
  const perClassIou: number[][] = Array.from({ length: classes }, () => []);
  const perSlice: number[] = [];
  truth.forEach((s, i) => {
    const p = pred[i]!;
    const side = Math.round(Math.sqrt(p.length));
    const full = side === s.size ? p : upsampleMask(p, side, s.size);
    const opts = { numClasses: classes };
    const d = diceScores({ labels: full, shape: [s.size, s.size] }, { labels: s.mask, shape: [s.size, s.size] }, opts);
    const j = iouScores({ labels: full, shape: [s.size, s.size] }, { labels: s.mask, shape: [s.size, s.size] }, opts);
    d.forEach((v, c) => { perClass[c]!.push(v); perClassIou[c]!.push(j[c]!); });
    perSlice.push(nanMean(d.slice(1)));
  });
  const dice = perClass.map((v) => nanMean(v));
  const iou = perClassIou.map((v) => nanMean(v));
  const diceVariance = perClass.map((v) => {
    const ok = v.filter((x) => !Number.isNaN(x));
    if (ok.length < 2) return 0;
    const m = ok.reduce((a, b) => a + b, 0) / ok.length;
    return ok.reduce((a, b) => a + (b - m) ** 2, 0) / (ok.length - 1) / ok.length;
  });
  return { dice, iou, meanDice: nanMean(dice.slice(1)), meanIou: nanMean(iou.slice(1)), perSlice, diceVariance };
}
