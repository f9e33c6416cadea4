/** The project's figures: overlays per class (PNG), training curves and the plausibility table (SVG). */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { svgFromVegaLite } from '../../../harness/report/charts.js';
import { CT_WINDOWS } from './config.js';
import { windowHu, type CtVolume } from './data.js';
import type { PlausibilityReport } from './plausibility.js';
import type { EpochRecord } from './train.js';

type Rgb = [number, number, number];
const CLASS_RGB: Rgb[] = [[0, 0, 0], [255, 215, 0], [230, 30, 30]];
const TP: Rgb = [40, 200, 60]; const FP: Rgb = [40, 120, 255]; const FN: Rgb = [255, 60, 60];

/** The slice with the most truth voxels of `label` (the middle slice when there are none). */
export function showcaseSlice(v: CtVolume, label: number): number {
  const per = v.shape[0] * v.shape[1];
  let best = -1; let bz = Math.floor(v.shape[2] / 2);
  for (let z = 0; z < v.shape[2]; z++) {
    let c = 0;
    for (let p = 0; p < per; p++) if (v.labels[z * per + p] === label) c++;
    if (c > best && c > 0) { best = c; bz = z; }
  }
  return bz;
}

/**
 * overlays.png: one row per subject at its largest-lesion slice. Columns: brain window, bone
 * window, truth (bone gold, lesion red), prediction, then per class bone and lesion
 * agreement (green true positive, blue false positive, red false negative) over the brain window.
 */
export function overlaysPng(volumes: readonly CtVolume[], preds: readonly Uint8Array[], scale = 3): Buffer {
  const [nx, ny] = volumes[0]!.shape;
  const cols = 6; const tw = nx * scale + 2; const th = ny * scale + 2;
  const png = new PNG({ width: cols * tw, height: volumes.length * th });
  png.data.fill(255);
  volumes.forEach((v, row) => {
    const z = showcaseSlice(v, 2);
    const per = nx * ny;
    for (let col = 0; col < cols; col++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
      const i = z * per + y * nx + x;
      const g = Math.round(255 * windowHu(v.hu[i]!, CT_WINDOWS[col === 1 ? 1 : 0]!));
      const t = v.labels[i]!; const p = preds[row]![i]!;
      let rgb: Rgb = [g, g, g];
      if (col === 2 && t) rgb = CLASS_RGB[t]!;
      if (col === 3 && p) rgb = CLASS_RGB[p]!;
      if (col >= 4) {
        const label = col - 3;
        if (t === label && p === label) rgb = TP; else if (p === label) rgb = FP; else if (t === label) rgb = FN;
      }
      for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) {
        const o = (((row * th + 1 + y * scale + dy) * png.width) + col * tw + 1 + x * scale + dx) * 4;
        png.data[o] = rgb[0]; png.data[o + 1] = rgb[1]; png.data[o + 2] = rgb[2]; png.data[o + 3] = 255;
      }
    }
  });
  return PNG.sync.write(png);
}

/** curves.svg: training loss and validation Dice per epoch, with the restored best epoch marked. */
export async function curvesSvg(history: readonly EpochRecord[], bestEpoch: number): Promise<string> {
  const values = history.flatMap((h) => [
    { epoch: h.epoch, series: 'train loss', value: h.loss, panel: 'loss' },
    { epoch: h.epoch, series: 'val mean Dice', value: h.valMeanDice, panel: 'Dice' },
    { epoch: h.epoch, series: 'val Dice bone', value: h.valDiceBone, panel: 'Dice' },
    { epoch: h.epoch, series: 'val Dice lesion', value: h.valDiceLesion, panel: 'Dice' },
  ]);
  return svgFromVegaLite({
    title: `2D U-Net training (best validation epoch ${bestEpoch}, weights restored)`,
    data: { values },
    hconcat: ['loss', 'Dice'].map((panel) => ({
      width: 260, height: 180,
      transform: [{ filter: `datum.panel === '${panel}'` }],
      layer: [
        { mark: { type: 'line', point: true }, encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
          y: { field: 'value', type: 'quantitative', title: panel, ...(panel === 'Dice' ? { scale: { domain: [0, 1] } } : {}) },
          color: { field: 'series', type: 'nominal', scale: { range: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'] }, title: null },
        } },
        { data: { values: [{ epoch: bestEpoch }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#555' }, encoding: { x: { field: 'epoch', type: 'quantitative' } } },
      ],
    })),
  });
}

/** plausibility.svg: the plausibility table, one row per subject and class, flagged rows in red. */
export async function plausibilitySvg(reports: readonly PlausibilityReport[], title: string): Promise<string> {
  const columns = ['volume ratio', 'components (truth)', 'gaps', 'max area jump', 'flags'];
  const values = reports.flatMap((r) => r.classes.flatMap((c) => {
    const row = `${r.subject} ${c.class}`;
    const cells = [c.volumeRatio === null ? '—' : c.volumeRatio.toFixed(2), `${c.components} (${c.truthComponents})`, String(c.gaps), c.maxAreaJump.toFixed(2), c.flags.join(', ') || 'ok'];
    return cells.map((text, k) => ({ row, column: columns[k], text, flagged: c.flags.length > 0 }));
  }));
  return svgFromVegaLite({
    title, data: { values }, width: 560, height: { step: 20 },
    mark: { type: 'text', fontSize: 11 },
    encoding: {
      x: { field: 'column', type: 'ordinal', sort: columns, axis: { orient: 'top', labelAngle: 0, title: null } },
      y: { field: 'row', type: 'ordinal', sort: null, title: null },
      text: { field: 'text' },
      color: { field: 'flagged', type: 'nominal', scale: { domain: [false, true], range: ['#222222', '#d62728'] }, legend: null },
    },
  });
}

export async function writeFigures(dir: string, f: { volumes: CtVolume[]; preds: Uint8Array[]; history: EpochRecord[]; bestEpoch: number; plausibility: PlausibilityReport[] }): Promise<string[]> {
  writeFileSync(`${dir}/overlays.png`, overlaysPng(f.volumes, f.preds));
  writeFileSync(`${dir}/curves.svg`, await curvesSvg(f.history, f.bestEpoch));
  writeFileSync(`${dir}/plausibility.svg`, await plausibilitySvg(f.plausibility, 'Anatomical plausibility of the test predictions (red: flagged)'));
  return ['overlays.png', 'curves.svg', 'plausibility.svg'];
}
