/**
 * Lab 4's grading dataset in the segmentation layout: REAL coronal slices of the ITK T1 MR
 * (insighttoolkit5-examples, Apache-2.0) as 8-bit grey PNGs, with ITK's k-means segmentation
 * grouped into 5 classes as PNG masks of class indices (<split>/images/<name>.png,
 * <split>/masks/<name>.png, 128×128). The split is the reference lab's (slabs of 5 slices
 * with a 1-slice gap where the split changes), so the reference band applies to the hidden
 * test set as it is. `--count` keeps a seeded subset of each split's slices, for smoke runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { createRng, shuffledIndices } from '../../core/seed.js';
import { LAB4_CLASSES, loadItkSlices, type Slice } from '../../labs/lab4-unet/data.js';
import { ITK_SOURCES } from '../adapters/volumes.js';
import { SPLIT_NAMES, writeLabDatasetJson, writeReadme, type SplitName } from './lab-layout.js';

export const LAB4_DEFAULT_SEED = 20250510;

/** One-channel 8-bit PNG of `size`×`size` values already in 0..255. */
function greyPng(values: ArrayLike<number>, size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    png.data[i * 4] = png.data[i * 4 + 1] = png.data[i * 4 + 2] = values[i]!;
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 0 });
}

export const lab4SliceName = (s: Slice): string => `slice-${String(s.z).padStart(3, '0')}.png`;

export function buildLab4Segmentation(o: { out: string; seed?: number; count?: number }): string[] {
  const seed = o.seed ?? LAB4_DEFAULT_SEED;
  const data = loadItkSlices();
  const total = SPLIT_NAMES.reduce((a, s) => a + data.slices[s].length, 0);
  const rng = createRng(seed);
  const counts = {} as Record<SplitName, number>;
  for (const split of SPLIT_NAMES) {
    let slices = data.slices[split];
    if (o.count && o.count < total) {
      const keep = Math.max(1, Math.round((slices.length * o.count) / total));
      const order = shuffledIndices(rng, slices.length);
      slices = Array.from(order.subarray(0, keep), (i) => slices[i]!).sort((a, b) => a.z - b.z);
    }
    for (const sub of ['images', 'masks']) mkdirSync(join(o.out, split, sub), { recursive: true });
    for (const s of slices) {
      writeFileSync(join(o.out, split, 'images', lab4SliceName(s)), greyPng(Array.from(s.image, (v) => Math.round(v * 255)), s.size));
      writeFileSync(join(o.out, split, 'masks', lab4SliceName(s)), greyPng(s.mask, s.size));
    }
    counts[split] = slices.length;
  }
  const summary = SPLIT_NAMES.map((s) => `${s} ${counts[s]}`).join(', ');
  writeLabDatasetJson(o.out, {
    name: 'lab4-segmentation', licence: 'Apache-2.0 (ITK examples data)',
    layout: {
      '<split>/images/slice-<z>.png': `${data.size}×${data.size} 8-bit grey T1 slice (coronal, third axis z of ${data.depth})`,
      '<split>/masks/slice-<z>.png': `class index per pixel: ${LAB4_CLASSES.map((c, i) => `${i} ${c}`).join(', ')}`,
    },
    steps: ['verified sha256 (reference/labs/lab4-unet loadItkSlices)', 'grey = round(min(T1 / p99, 1) × 255), rows flipped so the head is up',
      'k-means labels 0,1 → background, 2,3 → extracerebral, 4 → csf, 5 → grey_matter, 6 → white_matter; voxels with T1 = 0 → background',
      'slabs of 5 slices: k % 5 = 2 → val, 4 → test, else train; the first slice of a slab whose split changes is dropped',
      o.count ? `kept a seeded subset (seed ${seed}) of about ${o.count} slices, the same fraction of every split` : 'every slice kept'],
    notes: [`slices per split: ${summary}`, 'labels are k-means intensity clusters, not an expert tracing'],
    sources: ITK_SOURCES.slice(0, 2), options: { seed, count: o.count ?? null },
  });
  writeReadme(o.out, ['REAL data: ITK T1 MR slices with k-means tissue classes (insighttoolkit5-examples), lab 4 grading split.', `Slices per split: ${summary}.`]);
  return [`Wrote REAL lab 4 T1 slices with masks (PNG, segmentation layout) to ${o.out}`, `  slices: ${summary}; classes ${LAB4_CLASSES.join(', ')}`];
}

/** The `medgrade data lab4-segmentation` entry; the builder is imported when run. */
export function lab4SegmentationCommand(): { description: string; real: true; run: (o: { out: string; seed?: number | undefined; count?: number | undefined }) => Promise<string[]> } {
  return {
    description: 'REAL ITK T1 coronal slices with 5 k-means tissue classes, segmentation layout (<split>/images|masks/slice-<z>.png), split as reference lab 4; --count.',
    real: true,
    run: async (o) => buildLab4Segmentation({ out: o.out, ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.count !== undefined ? { count: o.count } : {}) }),
  };
}
