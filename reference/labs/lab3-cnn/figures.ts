/** Grey-scale PNG grids (pngjs): learned first-layer filters and the feature maps of one patch. */
import { writeFileSync } from 'node:fs';
import { tilesToPng } from '../../core/figures/tiles.js';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

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
