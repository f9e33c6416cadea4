/**
 * The task: given a patch×patch axial patch of the ITK T1 (128×128×62), does its centre voxel
 * belong to a bright tissue class of ITK's k-means segmentation? The segmentation's most
 * frequent label is the background; the other labels are tissue classes, and the "bright" ones
 * are those whose mean T1 is above the mean over all tissue voxels (measured here, not assumed:
 * labels 3, 5, 6 vs 2, 4 in the shipped file, about 51 % / 49 %). Centres are tissue voxels. Train and test come from different axial slices
 * (z % 4 === 0 is test), so no test patch shares pixels with a training patch.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readNifti } from '../../core/io/nifti-read.js';
import type { Rng } from '../../core/seed.js';
import { ITK_SOURCES } from '../../data/adapters/volumes.js';
import type { ArraySet } from '../../core/fit.js';

export interface PatchData { train: ArraySet; test: ArraySet; checksums: Record<string, string>; positiveLabels: number[]; negativeLabels: number[]; shape: number[] }

export function loadItkVolumes(): { t1: Float32Array; seg: Uint8Array | Float32Array | number[]; shape: number[]; checksums: Record<string, string> } {
  const [t1Path, segPath] = [ITK_SOURCES[0]!.path, ITK_SOURCES[1]!.path];
  const t1v = readNifti(t1Path);
  const segv = readNifti(segPath, { labels: true });
  const checksums: Record<string, string> = {};
  for (const p of [t1Path, segPath]) checksums[p.split('/').pop()!] = createHash('sha256').update(readFileSync(p)).digest('hex');
  // Scale by the 99th percentile so one bright outlier does not squash the range.
  const sorted = Float32Array.from(t1v.data as ArrayLike<number>).sort();
  const p99 = sorted[Math.floor(sorted.length * 0.99)]! || 1;
  const t1 = Float32Array.from(t1v.data as ArrayLike<number>, (v) => Math.min(v / p99, 1.5));
  return { t1, seg: Float32Array.from(segv.data as ArrayLike<number>), shape: t1v.shape.slice(0, 3), checksums };
}

export function samplePatches(rng: Rng, trainCount: number, testCount: number, patch: number): PatchData {
  const { t1, seg, shape, checksums } = loadItkVolumes();
  const [nx, ny, nz] = shape as [number, number, number];
  const half = (patch - 1) >> 1;
  const stats = new Map<number, { sum: number; n: number }>();
  seg.forEach((l, i) => { const a = stats.get(l) ?? { sum: 0, n: 0 }; a.sum += t1[i]!; a.n++; stats.set(l, a); });
  const background = [...stats].sort((a, b) => b[1].n - a[1].n)[0]![0];
  const tissue = [...stats].filter(([l]) => l !== background);
  const tissueMean = tissue.reduce((a, [, v]) => a + v.sum, 0) / tissue.reduce((a, [, v]) => a + v.n, 0);
  const positiveLabels = tissue.filter(([, v]) => v.sum / v.n > tissueMean).map(([l]) => l).sort((a, b) => a - b);
  const negativeLabels = tissue.map(([l]) => l).filter((l) => !positiveLabels.includes(l)).sort((a, b) => a - b);
  const positive = new Set(positiveLabels);
  const centres: { train: number[]; test: number[] } = { train: [], test: [] };
  for (let z = 0; z < nz; z++) for (let y = half; y < ny - half; y++) for (let x = half; x < nx - half; x++) {
    const i = x + nx * (y + ny * z);
    if (seg[i]! !== background) (z % 4 === 0 ? centres.test : centres.train).push(i);
  }
  const build = (pool: number[], count: number): ArraySet => {
    const n = Math.min(count, pool.length);
    const x = new Float32Array(n * patch * patch);
    const y = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      // Sampling without replacement through a partial Fisher–Yates on the pool.
      const j = k + rng.int(pool.length - k);
      [pool[k], pool[j]] = [pool[j]!, pool[k]!];
      const c = pool[k]!;
      const cx = c % nx, cy = Math.floor(c / nx) % ny, cz = Math.floor(c / (nx * ny));
      for (let dy = -half; dy <= half; dy++) for (let dx = -half; dx <= half; dx++) {
        x[k * patch * patch + (dy + half) * patch + (dx + half)] = t1[(cx + dx) + nx * ((cy + dy) + ny * cz)]!;
      }
      y[k] = positive.has(seg[c]!) ? 1 : 0;
    }
    return { x, y, count: n, shape: [patch, patch, 1] };
  };
  return { train: build(centres.train, trainCount), test: build(centres.test, testCount), checksums, positiveLabels, negativeLabels, shape };
}
