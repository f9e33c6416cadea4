/** Lab 5 figures: training curves, ROC of both models, their confusion matrices (SVG), augmentation examples (PNG). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { confusionSpec, svgFromVegaLite } from '../../../harness/report/charts.js';
import { rocCurve } from '../../../harness/metrics/index.js';
import type { Rng } from '../../core/seed.js';
import { augmentImage, type AugmentOptions } from './augment.js';
import type { EpochRecord } from './train.js';

export interface ModelCurves { label: string; history: EpochRecord[]; y: ArrayLike<number>; p: ArrayLike<number>; confusion: { tp: number; fp: number; tn: number; fn: number } }

export function curvesSpec(models: readonly ModelCurves[]): Record<string, unknown> {
  const rows = models.flatMap((m) => m.history.flatMap((h) => [
    { epoch: h.epoch, series: `${m.label}: train loss`, value: h.loss, panel: 'loss' },
    { epoch: h.epoch, series: `${m.label}: val loss`, value: h.val_loss, panel: 'loss' },
    { epoch: h.epoch, series: `${m.label}: val AUC`, value: h.val_auc, panel: 'auc' },
  ]));
  const panel = (name: string, title: string) => ({
    width: 260, height: 180, title, transform: [{ filter: { field: 'panel', equal: name } }],
    mark: { type: 'line', point: { filled: false, size: 30 }, strokeWidth: 1.6 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: name === 'loss' ? 'binary cross-entropy' : 'ROC AUC', scale: { zero: false } },
      color: { field: 'series', type: 'nominal', legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 } },
      strokeDash: { field: 'series', type: 'nominal', scale: { range: [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2]] } },
      shape: { field: 'series', type: 'nominal' },
    },
  });
  return { data: { values: rows }, hconcat: [panel('loss', 'Loss per epoch'), panel('auc', 'Validation AUC per epoch')],
    resolve: { scale: { color: 'independent', strokeDash: 'independent', shape: 'independent' } } };
}

export function rocPairSpec(models: readonly ModelCurves[]): Record<string, unknown> {
  const rows = models.flatMap((m) => {
    const c = rocCurve(m.y, m.p, { dropIntermediate: false });
    const auc = c.fpr.reduce((s, x, i) => (i ? s + (x - c.fpr[i - 1]!) * (c.tpr[i]! + c.tpr[i - 1]!) / 2 : 0), 0);
    return c.fpr.map((x, i) => ({ fpr: x, tpr: c.tpr[i], model: `${m.label} (AUC ${auc.toFixed(3)})`, order: i }));
  });
  return {
    title: 'ROC on the test set: class-weighted vs unweighted', width: 280, height: 280,
    layer: [
      { data: { values: [{ a: 0 }, { a: 1 }] }, mark: { type: 'line', strokeDash: [4, 4], color: '#888888' },
        encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'a', type: 'quantitative' } } },
      { data: { values: rows }, mark: { type: 'line', strokeWidth: 2, interpolate: 'linear' },
        encoding: { x: { field: 'fpr', type: 'quantitative', title: 'false positive rate (1 − specificity)', scale: { domain: [0, 1] } },
          y: { field: 'tpr', type: 'quantitative', title: 'true positive rate (sensitivity)', scale: { domain: [0, 1] } },
          order: { field: 'order', type: 'quantitative' },
          color: { field: 'model', type: 'nominal', legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 } },
          strokeDash: { field: 'model', type: 'nominal', scale: { range: [[1, 0], [6, 3]] } } } },
    ],
  };
}

/** Grey tiles in [0, 1] shown as they are (no per-tile rescaling, so contrast jitter stays visible), upscaled. */
export function greyTilesPng(tiles: readonly Float32Array[], size: number, scale: number, columns: number): Buffer {
  const rows = Math.ceil(tiles.length / columns), cell = size * scale + 2;
  const W = columns * cell + 2, H = rows * cell + 2;
  const png = new PNG({ width: W, height: H });
  png.data.fill(255);
  tiles.forEach((t, k) => {
    const ox = (k % columns) * cell + 2, oy = Math.floor(k / columns) * cell + 2;
    for (let y = 0; y < size * scale; y++) for (let x = 0; x < size * scale; x++) {
      const g = Math.round(255 * Math.min(1, Math.max(0, t[Math.floor(y / scale) * size + Math.floor(x / scale)]!)));
      const o = ((oy + y) * W + ox + x) * 4;
      png.data[o] = png.data[o + 1] = png.data[o + 2] = g; png.data[o + 3] = 255;
    }
  });
  return PNG.sync.write(png);
}

/** Writes the lab's figures into outDir and returns their file names. */
export async function writeLab5Figures(outDir: string, models: readonly ModelCurves[], example: Float32Array, size: number, rng: Rng, augment: AugmentOptions): Promise<string[]> {
  writeFileSync(join(outDir, 'training_curves.svg'), await svgFromVegaLite(curvesSpec(models)));
  writeFileSync(join(outDir, 'roc.svg'), await svgFromVegaLite(rocPairSpec(models)));
  const files = ['training_curves.svg', 'roc.svg'];
  for (const [i, m] of models.entries()) {
    const spec = { ...confusionSpec(m.confusion, ['Normal', 'Lesion']), title: `Confusion matrix, ${m.label} (threshold 0.5)` };
    const name = `confusion_${i === 0 ? 'unweighted' : 'weighted'}.svg`;
    writeFileSync(join(outDir, name), await svgFromVegaLite(spec));
    files.push(name);
  }
  const tiles = [example, ...Array.from({ length: 7 }, () => augmentImage(example, size, rng, augment))];
  writeFileSync(join(outDir, 'augmentation.png'), greyTilesPng(tiles, size, 3, 4));
  files.push('augmentation.png');
  return files;
}
