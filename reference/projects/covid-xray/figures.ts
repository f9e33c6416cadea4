/**
 * The project's figures, written beside the run's CSVs: task 1 (statistics, samples, each
 * augmentation alone and combined), task 2 (curves, confusion matrix, sample predictions)
 * and task 4 (Grad-CAM overlays per outcome group). Images are grey in [0, 1] before
 * normalisation; the sets passed here are the raw ones.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { svgFromVegaLite } from '../../../harness/report/charts.js';
import { imageGridSvg, type GridCell } from '../../core/figures/grid-svg.js';
import { greyPng } from '../../core/figures/tiles.js';
import { overlayPng } from '../../core/interpret/overlay.js';
import { createRng } from '../../core/seed.js';
import { augmentSet, type AugmentOptions, type ImageSet, type SplitStatistics } from './data.js';
import type { BinaryConfusion } from '../../../harness/metrics/confusion.js';
import type { EpochLog } from './train.js';

const className = (y: number): string => (y === 1 ? 'COVID' : 'Normal');

function image(set: ImageSet, i: number): Float32Array {
  const px = set.size * set.size;
  return set.x.subarray(i * px, (i + 1) * px);
}

/** The first `perClass` images of each class, in file order (deterministic). */
function firstOfEach(set: ImageSet, perClass: number): number[] {
  const pick = (label: number) => Array.from({ length: set.count }, (_, i) => i).filter((i) => set.y[i] === label).slice(0, perClass);
  return [...pick(1), ...pick(0)];
}

export function statisticsCsv(stats: Record<'train' | 'val' | 'test', SplitStatistics>): string {
  const rows = (['train', 'val', 'test'] as const).map((s) => {
    const t = stats[s];
    const sizes = Object.entries(t.imageSizes).map(([k, v]) => `${k}:${v}`).join(' ');
    return [s, t.count, t.classes.COVID, t.classes.Normal, sizes, t.pixelMean.toFixed(5), t.pixelStd.toFixed(5)].join(',');
  });
  return ['split,count,covid,normal,image_sizes,pixel_mean,pixel_std', ...rows].join('\n') + '\n';
}

/** Task 1: statistics.csv, samples.svg and augmentations.svg (rotation, shift, intensity, then all three). */
export function writeTask1Figures(out: string, train: ImageSet, stats: Record<'train' | 'val' | 'test', SplitStatistics>, augment: AugmentOptions, seed: number): string[] {
  writeFileSync(join(out, 'statistics.csv'), statisticsCsv(stats));
  const samples = firstOfEach(train, 4).map((i) => ({ png: greyPng(image(train, i), train.size, train.size), caption: className(train.y[i]!) }));
  writeFileSync(join(out, 'samples.svg'), imageGridSvg(samples, { title: 'Training samples (SYNTHETIC phantoms)', columns: 4, cell: 96 }));
  const one: ImageSet = { ...train, x: Float32Array.from(image(train, 0)), y: train.y.subarray(0, 1), count: 1, files: train.files.slice(0, 1) };
  const variants: [string, AugmentOptions][] = [
    [`rotation ±${augment.maxRotateDeg}°`, { maxShift: 0, maxRotateDeg: augment.maxRotateDeg, intensity: 0 }],
    [`shift ±${augment.maxShift} px`, { maxShift: augment.maxShift, maxRotateDeg: 0, intensity: 0 }],
    [`intensity ±${augment.intensity}`, { maxShift: 0, maxRotateDeg: 0, intensity: augment.intensity }],
    ['all three', augment],
  ];
  const cells: GridCell[] = [{ png: greyPng(one.x, one.size, one.size), caption: 'original' }];
  for (const [caption, opts] of variants) {
    // Two draws per augmentation, so the figure shows it varies.
    const rng = createRng(seed);
    for (let k = 0; k < 2; k++) cells.push({ png: greyPng(augmentSet(one, rng, opts).x, one.size, one.size), caption });
  }
  writeFileSync(join(out, 'augmentations.svg'), imageGridSvg(cells, { title: 'Augmentations, one at a time and combined', columns: 3, cell: 96 }));
  return ['statistics.csv', 'samples.svg', 'augmentations.svg'];
}

/** Training curves of one fit (loss and accuracy, with validation where it ran). */
export async function curvesSvg(title: string, history: readonly EpochLog[]): Promise<string> {
  const values = history.flatMap((h) => [
    { epoch: h.epoch, metric: 'loss', split: 'train', value: h.loss },
    // Fine-tuning logs carry no accuracy (NaN): only its loss is drawn.
    ...(Number.isFinite(h.accuracy) ? [{ epoch: h.epoch, metric: 'accuracy', split: 'train', value: h.accuracy }] : []),
    ...(h.val_loss === undefined ? [] : [{ epoch: h.epoch, metric: 'loss', split: 'validation', value: h.val_loss }]),
    ...(h.val_accuracy === undefined ? [] : [{ epoch: h.epoch, metric: 'accuracy', split: 'validation', value: h.val_accuracy }]),
  ]);
  return svgFromVegaLite({
    title, data: { values },
    facet: { column: { field: 'metric', type: 'nominal', title: null } },
    spec: { width: 220, height: 160, mark: { type: 'line', point: true },
      encoding: { x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } }, y: { field: 'value', type: 'quantitative', title: null }, strokeDash: { field: 'split', type: 'nominal' } } },
    resolve: { scale: { y: 'independent' } },
  });
}

export async function confusionSvg(title: string, c: BinaryConfusion): Promise<string> {
  const values = [
    { truth: 'COVID', predicted: 'COVID', count: c.tp }, { truth: 'COVID', predicted: 'Normal', count: c.fn },
    { truth: 'Normal', predicted: 'COVID', count: c.fp }, { truth: 'Normal', predicted: 'Normal', count: c.tn },
  ];
  return svgFromVegaLite({
    title, data: { values }, width: 160, height: 160,
    encoding: { x: { field: 'predicted', type: 'nominal' }, y: { field: 'truth', type: 'nominal' } },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' }, legend: null } } },
      { mark: { type: 'text', fontSize: 16 }, encoding: { text: { field: 'count', type: 'quantitative' } } },
    ],
  });
}

/** Up to `count` test images with truth, P(COVID) and whether the prediction is right. */
export function predictionsSvg(title: string, set: ImageSet, probs: ArrayLike<number>, count = 8): string {
  const cells = firstOfEach(set, Math.ceil(count / 2)).map((i) => {
    const p = probs[i]!, right = (p >= 0.5 ? 1 : 0) === set.y[i];
    return { png: greyPng(image(set, i), set.size, set.size), caption: `${className(set.y[i]!)} p=${p.toFixed(2)} ${right ? '✓' : '✗ wrong'}` };
  });
  return imageGridSvg(cells, { title, columns: 4, cell: 96 });
}

export type OutcomeGroup = 'TP' | 'FP' | 'TN' | 'FN';

/** Task 4's four groups: true/false positives and negatives at the threshold. */
export function outcomeGroups(labels: ArrayLike<number>, probs: ArrayLike<number>, threshold = 0.5): Record<OutcomeGroup, number[]> {
  const groups: Record<OutcomeGroup, number[]> = { TP: [], FP: [], TN: [], FN: [] };
  for (let i = 0; i < labels.length; i++) {
    const pred = probs[i]! >= threshold;
    groups[labels[i] === 1 ? (pred ? 'TP' : 'FN') : (pred ? 'FP' : 'TN')].push(i);
  }
  return groups;
}

/** A heatmap in [0, 1] at its own resolution (Grad-CAM's is the target layer's, e.g. 7×7). */
export interface Heatmap { heatmap: Float32Array; width: number; height: number }

/** One SVG per group: each image beside its Grad-CAM overlay (the map upsampled to the image). */
export function gradCamGroupSvg(group: OutcomeGroup, set: ImageSet, probs: ArrayLike<number>, indices: readonly number[], cams: ReadonlyMap<number, Heatmap>, total = indices.length): string {
  const cells = indices.flatMap((i) => {
    const cam = cams.get(i)!;
    return [
      { png: greyPng(image(set, i), set.size, set.size), caption: `${className(set.y[i]!)} p=${probs[i]!.toFixed(2)}` },
      { png: overlayPng(image(set, i), set.size, set.size, cam.heatmap, cam.width, cam.height), caption: 'Grad-CAM' },
    ];
  });
  const title = `Grad-CAM, ${group} (${indices.length} of ${total} shown)`;
  return cells.length ? imageGridSvg(cells, { title, columns: 4, cell: 96 }) : imageGridSvg([], { title: `${title}: none in this test set`, columns: 1 });
}
