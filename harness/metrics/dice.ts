import { MetricError } from './errors.js';
import { nanMean, overlapFromLabels, overlapFromOneHot, type LabelVolume, type OneHotVolume, type OverlapCounts } from './volume.js';

/**
 * Dice and IoU per class, with MONAI's `DiceMetric` / `compute_iou` semantics
 * for one item (batch of 1). Shapes: see volume.ts.
 *
 * Empty rules, per class c with G = |truth_c|, P = |pred_c|, I = |both|:
 * - G > 0: Dice = 2I / (G + P), IoU = I / (G + P − I) (P = 0 gives 0).
 * - G = 0 and `ignoreEmpty` (default, MONAI): NaN, which the mean skips.
 * - G = 0 and not ignoreEmpty: 1 when P = 0 too, else 0 (MONAI
 *   ignore_empty=False). `emptyBoth: 'one'` names the same rule the way the
 *   course notebook states it ("1.0 when both are empty, 0 when only one is")
 *   and implies ignoreEmpty false.
 * `includeBackground` (default true, MONAI) keeps class 0; false drops it, so
 * the returned array starts at class 1.
 */
export interface OverlapOptions {
  includeBackground?: boolean;
  ignoreEmpty?: boolean;
  emptyBoth?: 'nan' | 'one';
}
export interface LabelOverlapOptions extends OverlapOptions { numClasses: number }

type Score = (inter: number, pred: number, truth: number) => number;

const diceOf: Score = (i, p, t) => (2 * i) / (t + p);
const iouOf: Score = (i, p, t) => i / (t + p - i);

function scores(metric: string, counts: OverlapCounts, opts: OverlapOptions, score: Score): number[] {
  if (opts.emptyBoth === 'one' && opts.ignoreEmpty === true) {
    throw new MetricError(metric, "expected emptyBoth 'one' with ignoreEmpty false or unset, got ignoreEmpty true");
  }
  const ignoreEmpty = opts.emptyBoth === 'one' ? false : (opts.ignoreEmpty ?? true);
  const first = (opts.includeBackground ?? true) ? 0 : 1;
  const out: number[] = [];
  for (let c = first; c < counts.truth.length; c++) {
    const i = counts.intersection[c]!, p = counts.pred[c]!, t = counts.truth[c]!;
    if (t > 0) out.push(score(i, p, t));
    else if (ignoreEmpty) out.push(Number.NaN);
    else out.push(p === 0 ? 1 : 0);
  }
  return out;
}

export function diceScores(pred: LabelVolume, truth: LabelVolume, opts: LabelOverlapOptions): number[] {
  return scores('diceScores', overlapFromLabels('diceScores', pred, truth, opts.numClasses), opts, diceOf);
}
export function diceScoresOneHot(pred: OneHotVolume, truth: OneHotVolume, opts: OverlapOptions = {}): number[] {
  return scores('diceScoresOneHot', overlapFromOneHot('diceScoresOneHot', pred, truth), opts, diceOf);
}
/** Mean over classes, skipping NaN (MONAI reduction "mean"); NaN if every class is NaN. */
export function meanDice(pred: LabelVolume, truth: LabelVolume, opts: LabelOverlapOptions): number {
  return nanMean(diceScores(pred, truth, opts));
}

export function iouScores(pred: LabelVolume, truth: LabelVolume, opts: LabelOverlapOptions): number[] {
  return scores('iouScores', overlapFromLabels('iouScores', pred, truth, opts.numClasses), opts, iouOf);
}
export function iouScoresOneHot(pred: OneHotVolume, truth: OneHotVolume, opts: OverlapOptions = {}): number[] {
  return scores('iouScoresOneHot', overlapFromOneHot('iouScoresOneHot', pred, truth), opts, iouOf);
}
export function meanIoU(pred: LabelVolume, truth: LabelVolume, opts: LabelOverlapOptions): number {
  return nanMean(iouScores(pred, truth, opts));
}
