/** Grey-scale PNG grids (pngjs): learned first-layer filters and the feature maps of one patch. */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Tiles of h×w values, each min–max scaled on its own, upscaled by `scale`, 1 px gaps. */
export function tilesToPng(tiles: readonly Float32Array[], h: number, w: number, scale: number, columns: number): Buffer {
  const rows = Math.ceil(tiles.length / columns);
  const W = columns * (w * scale + 1) + 1, H = rows * (h * scale + 1) + 1;
  const png = new PNG({ width: W, height: H });
  png.data.fill(255);
  tiles.forEach((t, k) => {
    let lo = Infinity, hi = -Infinity;
    for (const v of t) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const span = hi - lo || 1;
    const ox = (k % columns) * (w * scale + 1) + 1, oy = Math.floor(k / columns) * (h * scale + 1) + 1;
    for (let y = 0; y < h * scale; y++) for (let x = 0; x < w * scale; x++) {
      const g = Math.round((255 * (t[Math.floor(y / scale) * w + Math.floor(x / scale)]! - lo)) / span);
      const o = ((oy + y) * W + ox + x) * 4;
      png.data[o] = png.data[o + 1] = png.data[o + 2] = g; png.data[o + 3] = 255;
    }
  });
  return PNG.sync.write(png);
}

/** Writes filters.png (conv1 kernels) and feature_maps.png (input patch, then conv1's maps). */
export function writeCnnFigures(model: tfl.LayersModel, patch: Float32Array, size: number, filtersPath: string, mapsPath: string): void {
  const kernel = model.getLayer('conv1').getWeights()[0]!; // [kh, kw, 1, filters]
  const [kh, kw, , nf] = kernel.shape as [number, number, number, number];
  const k = kernel.dataSync();
  const filters = Array.from({ length: nf }, (_, f) => Float32Array.from({ length: kh * kw }, (_, i) => k[i * nf + f]!));
  writeFileSync(filtersPath, tilesToPng(filters, kh, kw, 16, nf));
  const maps = tf.tidy(() => {
    const sub = tfl.model({ inputs: model.inputs, outputs: model.getLayer('conv1').output as tfl.SymbolicTensor });
    return (sub.predict(tf.tensor4d(patch, [1, size, size, 1])) as tf.Tensor).dataSync();
  });
  const tiles = [patch, ...Array.from({ length: nf }, (_, f) => Float32Array.from({ length: size * size }, (_, i) => maps[i * nf + f]!))];
  writeFileSync(mapsPath, tilesToPng(tiles, size, size, 6, nf + 1));
}
