import { MetricError } from './errors.js';

/**
 * Segmentation inputs.
 *
 * LabelVolume: one class index per voxel (0 = background, 1..C-1 = classes),
 * flat in row-major (C) order — the last axis varies fastest, like a numpy
 * array of `shape` — e.g. shape [D, H, W] for a CT volume, [H, W] for a slice.
 *
 * OneHotVolume: shape [C, ...spatial], data[c * voxels + v] in {0,1} — the
 * per-item layout of MONAI's one-hot [B, C, H, W(, D)] tensors.
 */
export interface LabelVolume { labels: ArrayLike<number>; shape: readonly number[] }
export interface OneHotVolume { data: ArrayLike<number>; shape: readonly number[] }

/** Per-class voxel counts, the sufficient statistics of Dice and IoU. */
export interface OverlapCounts { intersection: number[]; pred: number[]; truth: number[] }

export function voxelCount(metric: string, shape: readonly number[]): number {
  if (shape.length === 0) throw new MetricError(metric, 'expected a shape with at least 1 axis, got []');
  let n = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) throw new MetricError(metric, `expected non-negative integer axis sizes, got shape [${shape.join(', ')}]`);
    n *= s;
  }
  return n;
}

export function sameShape(metric: string, a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length || a.some((v, i) => v !== b[i])) {
    throw new MetricError(metric, `expected pred and truth of the same shape, got [${a.join(', ')}] and [${b.join(', ')}]`);
  }
}

function checkLength(metric: string, name: string, length: number, shape: readonly number[]): void {
  const n = voxelCount(metric, shape);
  if (length !== n) throw new MetricError(metric, `expected ${name} of ${n} values for shape [${shape.join(', ')}], got ${length}`);
}

/** Validates a label volume against numClasses and returns it as Int32Array. */
export function labelArray(metric: string, name: string, volume: LabelVolume, numClasses: number): Int32Array {
  checkLength(metric, name, volume.labels.length, volume.shape);
  const out = new Int32Array(volume.labels.length);
  for (let i = 0; i < out.length; i++) {
    const v = volume.labels[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new MetricError(metric, `expected ${name} labels in 0..${numClasses - 1} (numClasses ${numClasses}), got ${v} at voxel ${i}`);
    }
    out[i] = v;
  }
  return out;
}

export function overlapFromLabels(metric: string, pred: LabelVolume, truth: LabelVolume, numClasses: number): OverlapCounts {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new MetricError(metric, `expected numClasses >= 1, got ${numClasses}`);
  sameShape(metric, pred.shape, truth.shape);
  const p = labelArray(metric, 'pred', pred, numClasses);
  const t = labelArray(metric, 'truth', truth, numClasses);
  const counts = { intersection: new Array<number>(numClasses).fill(0), pred: new Array<number>(numClasses).fill(0), truth: new Array<number>(numClasses).fill(0) };
  for (let i = 0; i < p.length; i++) {
    counts.pred[p[i]!]!++;
    counts.truth[t[i]!]!++;
    if (p[i] === t[i]) counts.intersection[p[i]!]!++;
  }
  return counts;
}

export function overlapFromOneHot(metric: string, pred: OneHotVolume, truth: OneHotVolume): OverlapCounts {
  sameShape(metric, pred.shape, truth.shape);
  if (pred.shape.length < 2) throw new MetricError(metric, `expected one-hot shape [C, ...spatial] with at least 2 axes, got [${pred.shape.join(', ')}]`);
  checkLength(metric, 'pred', pred.data.length, pred.shape);
  checkLength(metric, 'truth', truth.data.length, truth.shape);
  const classes = pred.shape[0]!;
  const voxels = pred.data.length / Math.max(classes, 1);
  const counts: OverlapCounts = { intersection: [], pred: [], truth: [] };
  for (let c = 0; c < classes; c++) {
    let inter = 0, np = 0, nt = 0;
    for (let v = c * voxels; v < (c + 1) * voxels; v++) {
      const a = pred.data[v]!, b = truth.data[v]!;
      if ((a !== 0 && a !== 1) || (b !== 0 && b !== 1)) {
        throw new MetricError(metric, `expected one-hot values in {0, 1}, got pred ${a} and truth ${b} at index ${v}`);
      }
      np += a; nt += b; inter += a * b;
    }
    counts.intersection.push(inter); counts.pred.push(np); counts.truth.push(nt);
  }
  return counts;
}

/** Mean of the non-NaN values; NaN when none is left (MONAI's "mean" reduction). */
export function nanMean(values: readonly number[]): number {
  let sum = 0, n = 0;
  for (const v of values) if (!Number.isNaN(v)) { sum += v; n++; }
  return n > 0 ? sum / n : Number.NaN;
}
