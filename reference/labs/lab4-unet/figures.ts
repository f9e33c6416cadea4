/**
 * The lab's figures: predicted-mask overlays (PNG, pngjs), example training patches (PNG),
 * training curves and per-class Dice (SVG through vega-lite).
 */
import { PNG } from 'pngjs';
import { svgFromVegaLite } from '../../../harness/report/charts.js';
import { LAB4_CLASSES, type PatchBatch, type Slice } from './data.js';
import type { EpochLog } from './train.js';

/** Okabe–Ito colours, safe for colour-blind readers; background stays unpainted. */
export const CLASS_COLOURS: readonly (readonly [number, number, number])[] = [[0, 0, 0], [213, 94, 0], [86, 180, 233], [0, 158, 115], [240, 228, 66]];

/** One panel: the grey image, with `mask` (size may differ: nearest-neighbour) blended in at `alpha` where it is not background. */
function paint(png: PNG, ox: number, oy: number, image: Float32Array, size: number, scale: number, mask: Uint8Array | null, alpha = 0.55): void {
  const mside = mask ? Math.round(Math.sqrt(mask.length)) : 0;
  for (let y = 0; y < size * scale; y++) for (let x = 0; x < size * scale; x++) {
    const py = Math.floor(y / scale), px = Math.floor(x / scale);
    const g = 255 * Math.min(1, Math.max(0, image[py * size + px]!));
    const c = mask ? mask[Math.floor((py * mside) / size) * mside + Math.floor((px * mside) / size)]! : 0;
    const col = CLASS_COLOURS[c]!;
    const o = ((oy + y) * png.width + ox + x) * 4;
    for (let k = 0; k < 3; k++) png.data[o + k] = c ? Math.round((1 - alpha) * g + alpha * col[k]!) : Math.round(g);
    png.data[o + 3] = 255;
  }
}

/** A legend strip: one coloured square per foreground class (names are in the summary). */
function legend(png: PNG, oy: number, cell: number): void {
  CLASS_COLOURS.slice(1).forEach((col, i) => {
    for (let y = 0; y < cell; y++) for (let x = 0; x < cell * 3; x++) {
      const o = ((oy + y) * png.width + 4 + i * cell * 4 + x) * 4;
      png.data[o] = col[0]; png.data[o + 1] = col[1]; png.data[o + 2] = col[2]; png.data[o + 3] = 255;
    }
  });
}

/**
 * Rows = test slices; columns = T1, truth, then each labelled prediction (label maps at any
 * size, drawn over the stored-resolution slice). 2 px white gaps; a legend strip at the bottom.
 */
export function overlaysPng(slices: readonly Slice[], columns: readonly (readonly Uint8Array[])[], scale = 2): Buffer {
  const size = slices[0]!.size, cell = size * scale + 2, cols = 2 + columns.length;
  const png = new PNG({ width: cols * cell + 2, height: slices.length * cell + 2 + 14 });
  png.data.fill(255);
  slices.forEach((s, r) => {
    paint(png, 2, 2 + r * cell, s.image, size, scale, null);
    paint(png, 2 + cell, 2 + r * cell, s.image, size, scale, s.mask);
    columns.forEach((col, k) => paint(png, 2 + (2 + k) * cell, 2 + r * cell, s.image, size, scale, col[r]!));
  });
  legend(png, slices.length * cell + 4, 10);
  return PNG.sync.write(png);
}

/** The first `n` training patches of a batch: the patch, then its one-hot mask painted over it. */
export function patchesPng(batch: PatchBatch, n: number, scale = 3): Buffer {
  const p = batch.patch, cell = p * scale + 2, k = Math.min(n, batch.count);
  const png = new PNG({ width: k * cell + 2, height: 2 * cell + 2 });
  png.data.fill(255);
  for (let i = 0; i < k; i++) {
    const img = batch.x.subarray(i * p * p, (i + 1) * p * p);
    const mask = new Uint8Array(p * p);
    for (let q = 0; q < p * p; q++) for (let c = 0; c < batch.classes; c++) if (batch.y[(i * p * p + q) * batch.classes + c]) mask[q] = c;
    paint(png, 2 + i * cell, 2, img, p, scale, null);
    paint(png, 2 + i * cell, 2 + cell, img, p, scale, mask);
  }
  return PNG.sync.write(png);
}

/** Training loss and validation mean Dice per epoch, one line per loss function. */
export async function curvesSvg(logs: Record<string, readonly EpochLog[]>): Promise<string> {
  const values = Object.entries(logs).flatMap(([loss, log]) => log.flatMap((l) => [
    { epoch: l.epoch, loss, panel: 'training loss', value: l.loss },
    { epoch: l.epoch, loss, panel: 'validation mean Dice', value: l.valMeanDice },
  ]));
  const panel = (name: string) => ({
    width: 240, height: 170, title: name,
    transform: [{ filter: { field: 'panel', equal: name } }],
    mark: { type: 'line', point: { filled: false, size: 36 }, strokeWidth: 1.6 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: name, scale: { zero: false } },
      strokeDash: { field: 'loss', type: 'nominal', title: 'trained with', scale: { range: [[1, 0], [6, 3]] } },
      shape: { field: 'loss', type: 'nominal', title: 'trained with' },
    },
  });
  return svgFromVegaLite({ data: { values }, hconcat: [panel('training loss'), panel('validation mean Dice')] });
}

/** Test Dice per class for each model (and the baseline). */
export async function diceBarsSvg(rows: Record<string, readonly number[]>): Promise<string> {
  const values = Object.entries(rows).flatMap(([model, dice]) => dice.map((d, c) => ({ model, class: LAB4_CLASSES[c], dice: Number.isNaN(d) ? 0 : d })));
  return svgFromVegaLite({
    width: 420, height: 200, title: 'Test Dice per class', data: { values },
    mark: { type: 'bar', stroke: '#000', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'class', type: 'nominal', sort: [...LAB4_CLASSES], axis: { labelAngle: 0 } },
      xOffset: { field: 'model', type: 'nominal', sort: Object.keys(rows) },
      y: { field: 'dice', type: 'quantitative', title: 'Dice', scale: { domain: [0, 1] } },
      color: { field: 'model', type: 'nominal', title: 'model', sort: Object.keys(rows) },
    },
  });
}
