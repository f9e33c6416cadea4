/**
 * Slice-wise prediction reassembled into volumes, and per-class Dice per test subject with
 * harness/metrics (the course's empty rule: 1.0 when prediction and truth are both empty).
 * Metric names: dice_bone, dice_lesion, iou_bone, iou_lesion (means over subjects) and mean_dice
 * (mean of the two Dice; background is left out, it is ~93 % of every volume and would flatter the score).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { diceScores, iouScores } from '../../../harness/metrics/index.js';
import { CT_CLASSES } from '../../data/ct-subjects/subject.js';
import type { CtVolume, SliceSet } from './data.js';

export const FOREGROUND = CT_CLASSES.slice(1);

/** Argmax labels per slice, same layout as SliceSet.labels ([slices, H, W]). */
export async function predictSlices(model: tfl.LayersModel, set: SliceSet, batchSize = 32): Promise<Int32Array> {
  const out = new Int32Array(set.count * set.size * set.size);
  const per = set.size * set.size;
  for (let s = 0; s < set.count; s += batchSize) {
    const n = Math.min(batchSize, set.count - s);
    const labels = tf.tidy(() => {
      const xs = tf.tensor4d(set.x.subarray(s * per * set.channels, (s + n) * per * set.channels), [n, set.size, set.size, set.channels]);
      return tf.argMax(model.predict(xs) as tf.Tensor, -1);
    });
    out.set(await labels.data() as Int32Array, s * per);
    labels.dispose();
  }
  return out;
}

/** Splits slice predictions (in SliceSet order: subject by subject, z ascending) into label volumes. */
export function toVolumes(pred: Int32Array, volumes: readonly CtVolume[]): Uint8Array[] {
  let at = 0;
  return volumes.map((v) => {
    const n = v.labels.length;
    const out = Uint8Array.from(pred.subarray(at, at + n));
    at += n;
    return out;
  });
}

export interface SubjectScore { subject: string; dice: Record<string, number>; iou: Record<string, number> }
export interface SplitScores { dice_bone: number; dice_lesion: number; mean_dice: number; iou_bone: number; iou_lesion: number; perSubject: SubjectScore[] }

/** Per-subject Dice of predicted label volumes against truth, averaged over subjects. */
export function scoreVolumes(preds: readonly Uint8Array[], volumes: readonly CtVolume[]): SplitScores {
  const perSubject = volumes.map((v, i) => {
    const shape = [v.shape[2], v.shape[1], v.shape[0]];
    const opts = { numClasses: CT_CLASSES.length, includeBackground: false, emptyBoth: 'one' } as const;
    const d = diceScores({ labels: preds[i]!, shape }, { labels: v.labels, shape }, opts);
    const j = iouScores({ labels: preds[i]!, shape }, { labels: v.labels, shape }, opts);
    return { subject: v.id, dice: Object.fromEntries(FOREGROUND.map((c, k) => [c, d[k]!])), iou: Object.fromEntries(FOREGROUND.map((c, k) => [c, j[k]!])) };
  });
  const mean = (m: 'dice' | 'iou', c: string): number => perSubject.reduce((s, p) => s + p[m][c]!, 0) / perSubject.length;
  const dice_bone = mean('dice', 'bone'); const dice_lesion = mean('dice', 'lesion');
  return { dice_bone, dice_lesion, mean_dice: (dice_bone + dice_lesion) / 2, iou_bone: mean('iou', 'bone'), iou_lesion: mean('iou', 'lesion'), perSubject };
}

export function scoreSubjects(pred: Int32Array, volumes: readonly CtVolume[]): SplitScores {
  return scoreVolumes(toVolumes(pred, volumes), volumes);
}

/**
 * The stated non-learned baseline: bone = HU ≥ 226 (InVesalius's own bone preset), lesion =
 * 60..100 HU outside bone (a hyperdense band in the brain window). It shows what windowing
 * and a threshold reach without a network.
 */
export function thresholdBaseline(v: CtVolume): Uint8Array {
  return Uint8Array.from(v.hu, (h) => (h >= 226 ? 1 : h >= 60 && h <= 100 ? 2 : 0));
}
