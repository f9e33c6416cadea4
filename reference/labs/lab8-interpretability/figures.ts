/**
 * Lab 8 figures. PNG grids (pngjs) of Grad-CAM and saliency overlays per outcome group
 * (TP/FP/TN/FN): top row the image with the lesion outlined in green, bottom row the map
 * blended over it (magma, alpha 0.5). SVG charts (vega-lite): metric vs corruption strength,
 * and mass inside the lesion against its chance levels.
 */
import { PNG } from 'pngjs';
import { svgFromVegaLite } from '../../../harness/report/charts.js';
import { magma, upsampleBilinear } from '../../core/interpret/index.js';
import type { RobustnessRow } from './robustness.js';
import type { LocalisationStats } from './stats.js';

export type Group = 'TP' | 'FP' | 'TN' | 'FN';
export const GROUPS: readonly Group[] = ['TP', 'FP', 'TN', 'FN'];

/** Outcome group of one prediction at threshold 0.5. */
export function groupOf(label: number, probability: number): Group {
  const pred = probability >= 0.5;
  return label === 1 ? (pred ? 'TP' : 'FN') : (pred ? 'FP' : 'TN');
}

/**
 * Up to `k` indices per group, most confident first (TP/FP: highest P(lesion); TN/FN: lowest),
 * ties broken by index so the choice is deterministic.
 */
export function pickGroupExamples(y: ArrayLike<number>, p: ArrayLike<number>, k: number): Record<Group, number[]> {
  const out: Record<Group, number[]> = { TP: [], FP: [], TN: [], FN: [] };
  for (let i = 0; i < y.length; i++) out[groupOf(y[i]!, p[i]!)].push(i);
  for (const g of GROUPS) {
    const sign = g === 'TP' || g === 'FP' ? -1 : 1;
    out[g] = out[g].sort((a, b) => sign * (p[a]! - p[b]!) || a - b).slice(0, k);
  }
  return out;
}

export interface Tile { image: Float32Array; mask: Uint8Array; map: Float32Array }

const GAP = 2;
const OUTLINE: [number, number, number] = [0, 230, 0];

/** size×size grey values → min–max scaled to [0, 1] (a constant image becomes black). */
function unit(img: Float32Array): Float32Array {
  let lo = Infinity, hi = -Infinity;
  for (const v of img) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const span = hi - lo;
  return Float32Array.from(img, (v) => (span > 0 ? (v - lo) / span : 0));
}

/**
 * True just outside the lesion: a pixel not in the mask with a 4-neighbour in it. Drawn outside
 * so that a lesion of a few pixels stays visible inside its outline.
 */
function edge(mask: Uint8Array, size: number, x: number, y: number): boolean {
  if (mask[y * size + x]! > 0) return false;
  const inside = (xx: number, yy: number): boolean => xx >= 0 && yy >= 0 && xx < size && yy < size && mask[yy * size + xx]! > 0;
  return inside(x - 1, y) || inside(x + 1, y) || inside(x, y - 1) || inside(x, y + 1);
}

/**
 * A map scaled so its 99th percentile is 1 (clipped above): saliency is spiky, and divided by its
 * single maximum most of it renders black. Display only; statistics use the map as computed.
 */
export function stretchForDisplay(map: Float32Array): Float32Array {
  const sorted = Float32Array.from(map).sort();
  const q = sorted[Math.floor(0.99 * (sorted.length - 1))]! || sorted[sorted.length - 1]! || 1;
  return Float32Array.from(map, (v) => Math.min(1, v / q));
}

/**
 * A grid of two rows × tiles.length columns, each tile scaled by `scale`: row 1 the image, row 2
 * the map over it. Returns PNG bytes; an empty group gives one mid-grey tile (nothing to show).
 */
export function groupGridPng(tiles: readonly Tile[], size: number, scale: number, alpha = 0.5, drawOutlineOnMap = true): Buffer {
  const t = size * scale, cols = Math.max(1, tiles.length);
  const W = cols * (t + GAP) + GAP, H = 2 * (t + GAP) + GAP;
  const png = new PNG({ width: W, height: H });
  png.data.fill(255);
  const put = (x: number, y: number, rgb: readonly number[]): void => {
    const o = (y * W + x) * 4;
    png.data[o] = rgb[0]!; png.data[o + 1] = rgb[1]!; png.data[o + 2] = rgb[2]!; png.data[o + 3] = 255;
  };
  if (tiles.length === 0) {
    for (let y = GAP; y < H - GAP; y++) for (let x = GAP; x < W - GAP; x++) put(x, y, [128, 128, 128]);
    return PNG.sync.write(png);
  }
  tiles.forEach((tile, c) => {
    const grey = upsampleBilinear(unit(tile.image), size, size, t, t);
    const heat = upsampleBilinear(tile.map, size, size, t, t);
    const ox = GAP + c * (t + GAP);
    for (let y = 0; y < t; y++) for (let x = 0; x < t; x++) {
      const g = 255 * grey[y * t + x]!;
      const onEdge = edge(tile.mask, size, Math.floor(x / scale), Math.floor(y / scale));
      put(ox + x, GAP + y, onEdge ? OUTLINE : [g, g, g]);
      const col = magma(heat[y * t + x]!);
      put(ox + x, 2 * GAP + t + y, onEdge && drawOutlineOnMap ? OUTLINE : col.map((v) => Math.round((1 - alpha) * g + alpha * v)));
    }
  });
  return PNG.sync.write(png);
}

const METRIC_TITLES: Record<string, string> = { roc_auc: 'ROC AUC', balanced_accuracy: 'balanced accuracy' };

/** Metric vs corruption strength: one column per corruption (own x scale), one row per metric, one line per model. */
export async function robustnessSvg(rows: readonly RobustnessRow[], units: Record<string, string>): Promise<string> {
  const values = rows.flatMap((r) => (['roc_auc', 'balanced_accuracy'] as const).map((m) => ({
    model: r.model, corruption: `${r.corruption}: ${units[r.corruption] ?? ''}`, level: r.level, metric: METRIC_TITLES[m], value: r[m],
  })));
  return svgFromVegaLite({
    title: 'Robustness: test metric vs corruption strength (threshold 0.5 for balanced accuracy)',
    data: { values },
    facet: { column: { field: 'corruption', type: 'nominal', title: null }, row: { field: 'metric', type: 'nominal', title: null } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 200, height: 150,
      layer: [
        { mark: { type: 'rule', strokeDash: [2, 2], color: '#999999' }, encoding: { y: { datum: 0.5 } } },
        {
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'level', type: 'quantitative', title: 'strength' },
            y: { field: 'value', type: 'quantitative', title: null, scale: { domain: [0, 1] } },
            color: { field: 'model', type: 'nominal' }, strokeDash: { field: 'model', type: 'nominal' }, shape: { field: 'model', type: 'nominal' },
          },
        },
      ],
    },
  });
}

/**
 * Mean mass inside the lesion per model and method, beside the two chance levels. The x scale
 * follows the data: lesions cover about 1 % of a slice, so a [0, 1] axis would hide every bar.
 */
export async function localisationSvg(stats: readonly (LocalisationStats & { model: string })[]): Promise<string> {
  const values = stats.flatMap((s) => [
    { group: `${s.model} ${s.method}`, measure: 'observed', order: 1, value: s.meanInside },
    { group: `${s.model} ${s.method}`, measure: 'chance: area', order: 2, value: s.meanChance },
    { group: `${s.model} ${s.method}`, measure: 'chance: other lesions', order: 3, value: s.permutationMean },
  ]);
  return svgFromVegaLite({
    title: 'Share of attribution mass inside the lesion mask (mean over lesion test images)',
    width: 380, height: 220, data: { values },
    mark: { type: 'bar', stroke: '#000000' },
    encoding: {
      y: { field: 'group', type: 'nominal', title: null },
      yOffset: { field: 'measure', type: 'nominal', sort: { field: 'order' } },
      x: { field: 'value', type: 'quantitative', title: 'mean share of the map inside the lesion' },
      color: { field: 'measure', type: 'nominal', title: null, sort: { field: 'order' } },
    },
  });
}
