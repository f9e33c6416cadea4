/**
 * Figures of one run: axial-slice overlays of truth and prediction (PNG, pngjs), learning
 * curves and the one-cycle schedule (SVG, vega-lite via harness/report/charts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { svgFromVegaLite } from '../../../harness/report/charts.js';
import type { CtCase } from './data.js';
import type { TrainHistory } from './train.js';

/** primary red, metastasis yellow: told apart in grey too (different brightness). */
const COLOURS: Record<number, [number, number, number]> = { 1: [230, 40, 40], 2: [255, 225, 0] };

/** The axial slice (z) with the most voxels of `label`, or the middle slice if it is absent. */
export function busiestSlice(c: CtCase, label: number): number {
  const [nx, ny, nz] = c.shape;
  let best = Math.floor(nz / 2), most = 0;
  for (let z = 0; z < nz; z++) {
    let n = 0;
    for (let i = z * nx * ny; i < (z + 1) * nx * ny; i++) if (c.labels[i] === label) n++;
    if (n > most) { most = n; best = z; }
  }
  return best;
}

export interface OverlayRow { case: CtCase; pred: Uint8Array; z: number }

/**
 * Rows of three panels, each `scale`× nearest-upscaled: the CT slice (soft-tissue window),
 * truth overlaid, prediction overlaid (alpha 0.55), 4 px white gaps.
 */
export function overlayGridPng(rows: readonly OverlayRow[], window: [number, number], scale = 4): Buffer {
  const [nx, ny] = rows[0]!.case.shape;
  const pw = nx * scale, ph = ny * scale, gap = 4;
  const W = 3 * pw + 4 * gap, H = rows.length * ph + (rows.length + 1) * gap;
  const png = new PNG({ width: W, height: H });
  png.data.fill(255);
  rows.forEach((r, ri) => {
    const base = r.z * nx * ny;
    for (let panel = 0; panel < 3; panel++) {
      const labels = panel === 1 ? r.case.labels : panel === 2 ? r.pred : null;
      for (let y = 0; y < ph; y++) for (let x = 0; x < pw; x++) {
        const v = base + Math.floor(y / scale) * nx + Math.floor(x / scale);
        const g = Math.round(255 * Math.min(1, Math.max(0, (r.case.hu[v]! - window[0]) / (window[1] - window[0]))));
        let rgb: [number, number, number] = [g, g, g];
        const l = labels ? labels[v]! : 0;
        if (l > 0) { const c = COLOURS[l]!; rgb = [0, 1, 2].map((k) => Math.round(0.45 * rgb[k]! + 0.55 * c[k]!)) as [number, number, number]; }
        const o = (((ri + 1) * gap + ri * ph + y) * W + gap + panel * (pw + gap) + x) * 4;
        png.data[o] = rgb[0]; png.data[o + 1] = rgb[1]; png.data[o + 2] = rgb[2]; png.data[o + 3] = 255;
      }
    }
  });
  return PNG.sync.write(png);
}

export async function curvesSvg(h: TrainHistory): Promise<string> {
  const values = h.epochs.flatMap((e) => [
    { epoch: e.epoch, series: 'train loss (deep-supervised)', panel: 'loss', value: e.trainLoss },
    { epoch: e.epoch, series: 'validation loss (main head)', panel: 'loss', value: e.valLoss },
    { epoch: e.epoch, series: 'validation mean foreground Dice', panel: 'Dice', value: e.valDice },
  ]);
  const layer = (panel: string, title: string): Record<string, unknown> => ({
    width: 360, height: 160, title,
    transform: [{ filter: `datum.panel === '${panel}'` }],
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
      y: { field: 'value', type: 'quantitative', title: panel },
      strokeDash: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 300, orient: 'bottom', direction: 'vertical' } },
      shape: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 300, orient: 'bottom', direction: 'vertical' } },
    },
  });
  const best = `best epoch ${h.bestEpoch} (validation Dice ${h.bestValDice.toFixed(3)})${h.stoppedEarly ? ', stopped early' : ''}`;
  return svgFromVegaLite({ data: { values }, title: `SYNTHETIC ovarian CT: learning curves; ${best}`, vconcat: [layer('loss', 'Loss per epoch'), layer('Dice', 'Validation Dice per epoch')] });
}

export async function scheduleSvg(h: TrainHistory): Promise<string> {
  const values = h.steps.flatMap((s) => [{ step: s.step, name: 'learning rate', value: s.lr }, { step: s.step, name: 'AdamW beta1', value: s.beta1 }]);
  const panel = (name: string): Record<string, unknown> => ({
    width: 360, height: 120, title: name,
    transform: [{ filter: `datum.name === '${name}'` }],
    mark: 'line',
    encoding: { x: { field: 'step', type: 'quantitative', title: 'optimisation step' }, y: { field: 'value', type: 'quantitative', title: name, scale: { zero: false } } },
  });
  return svgFromVegaLite({ data: { values }, title: 'One-cycle schedule, stepped once per optimisation step', vconcat: [panel('learning rate'), panel('AdamW beta1')] });
}

/** Writes overlays.png, curves.svg, lr_schedule.svg into dir; returns the file names. */
export async function writeFigures(dir: string, rows: readonly OverlayRow[], h: TrainHistory, window: [number, number]): Promise<string[]> {
  writeFileSync(join(dir, 'overlays.png'), overlayGridPng(rows, window));
  writeFileSync(join(dir, 'curves.svg'), await curvesSvg(h));
  writeFileSync(join(dir, 'lr_schedule.svg'), await scheduleSvg(h));
  return ['overlays.png', 'curves.svg', 'lr_schedule.svg'];
}
