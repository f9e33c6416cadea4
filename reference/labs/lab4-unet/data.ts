/**
 * Image–mask pairs from real data: the slices along the third axis (coronal) of ITK's T1 (128×128×62, Debian
 * insighttoolkit5-examples, Apache-2.0) with ITK's k-means preliminary segmentation grouped
 * into five classes. The labels are intensity clusters from k-means, not an expert's
 * tracing: good enough to learn segmentation with, not anatomy ground truth.
 *
 * Splits are by slab of neighbouring slices with a gap slice wherever the split changes, so
 * no test slice is next to a training slice (FACTS.md: slice-level splits of one scan leak).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readNifti } from '../../core/io/nifti-read.js';
import type { Rng } from '../../core/seed.js';
import { ITK_SOURCES } from '../../data/adapters/volumes.js';

/** Class index → name; index = position. */
export const LAB4_CLASSES = ['background', 'extracerebral', 'csf', 'grey_matter', 'white_matter'] as const;
/** ITK k-means label → class index. 0 (126 stray voxels) and 1 are background; 2 and 3 are scalp, fat and muscle. */
export const ITK_LABEL_TO_CLASS: Readonly<Record<number, number>> = { 0: 0, 1: 0, 2: 1, 3: 1, 4: 2, 5: 3, 6: 4 };

export type SplitName = 'train' | 'val' | 'test';

/** One slice at its stored resolution: intensities scaled to [0, 1], class per pixel, row-major [H, W]. */
export interface Slice { z: number; image: Float32Array; mask: Uint8Array; size: number }

export interface SliceSet { slices: Record<SplitName, Slice[]>; checksums: Record<string, string>; size: number; depth: number }

/**
 * Slab k of `slab` slices goes to val when k % 5 === 2, to test when k % 5 === 4, else to train;
 * the first `gap` slices of a slab whose split differs from the previous slab's are dropped.
 */
export function splitSlices(depth: number, slab = 5, gap = 1): Record<SplitName, number[]> {
  const out: Record<SplitName, number[]> = { train: [], val: [], test: [] };
  let previous: SplitName | null = null;
  for (let k = 0; k * slab < depth; k++) {
    const role: SplitName = k % 5 === 2 ? 'val' : k % 5 === 4 ? 'test' : 'train';
    const skip = previous !== null && previous !== role ? gap : 0;
    for (let z = k * slab + skip; z < Math.min((k + 1) * slab, depth); z++) out[role].push(z);
    previous = role;
  }
  return out;
}

/** Reads the two ITK volumes (sha256 recorded) and cuts them into split coronal slices (the third axis). */
export function loadItkSlices(slab = 5, gap = 1): SliceSet {
  const [t1Path, segPath] = [ITK_SOURCES[0]!.path, ITK_SOURCES[1]!.path];
  const t1v = readNifti(t1Path);
  const segv = readNifti(segPath, { labels: true });
  const checksums: Record<string, string> = {};
  for (const p of [t1Path, segPath]) checksums[p.split('/').pop()!] = createHash('sha256').update(readFileSync(p)).digest('hex');
  const [nx, ny, nz] = t1v.shape as [number, number, number];
  if (nx !== ny) throw new Error(`expected square slices, got ${nx}×${ny}`);
  // Scale by the 99th percentile so a few bright voxels do not squash the range.
  const sorted = Float32Array.from(t1v.data as ArrayLike<number>).sort();
  const p99 = sorted[Math.floor(sorted.length * 0.99)]! || 1;
  const slice = (z: number): Slice => {
    const image = new Float32Array(nx * ny), mask = new Uint8Array(nx * ny);
    for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
      // Rows flipped so the head is up, as a coronal slice is viewed.
      const i = x + nx * (y + ny * z), o = (ny - 1 - y) * nx + x;
      image[o] = Math.min(Number(t1v.data[i]) / p99, 1);
      // 75k voxels of a blanked band (T1 exactly 0) carry tissue labels; nothing can segment
      // tissue it cannot see, so they are background here.
      mask[o] = Number(t1v.data[i]) === 0 ? 0 : ITK_LABEL_TO_CLASS[Number(segv.data[i])] ?? 0;
    }
    return { z, image, mask, size: nx };
  };
  const zs = splitSlices(nz, slab, gap);
  return { slices: { train: zs.train.map(slice), val: zs.val.map(slice), test: zs.test.map(slice) }, checksums, size: nx, depth: nz };
}

/** Block-mean resize of an image by an integer factor (anti-aliased: no pixel is skipped). */
export function downsampleImage(image: Float32Array, size: number, target: number): Float32Array {
  const f = size / target;
  if (!Number.isInteger(f) || f < 1) throw new Error(`resize needs an integer factor, got ${size}→${target}`);
  const out = new Float32Array(target * target);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) out[Math.floor(y / f) * target + Math.floor(x / f)]! += image[y * size + x]! / (f * f);
  return out;
}

/** Majority-vote resize of a label mask (averaging labels would invent classes); ties go to the lower class. */
export function downsampleMask(mask: Uint8Array, size: number, target: number, classes: number): Uint8Array {
  const f = size / target;
  if (!Number.isInteger(f) || f < 1) throw new Error(`resize needs an integer factor, got ${size}→${target}`);
  const votes = new Uint16Array(target * target * classes);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) votes[(Math.floor(y / f) * target + Math.floor(x / f)) * classes + mask[y * size + x]!]!++;
  const out = new Uint8Array(target * target);
  for (let p = 0; p < out.length; p++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (votes[p * classes + c]! > votes[p * classes + best]!) best = c;
    out[p] = best;
  }
  return out;
}

/** Nearest-neighbour upsampling of a label map back to the stored resolution, for scoring there. */
export function upsampleMask(mask: Uint8Array, size: number, target: number): Uint8Array {
  const f = target / size;
  const out = new Uint8Array(target * target);
  for (let y = 0; y < target; y++) for (let x = 0; x < target; x++) out[y * target + x] = mask[Math.floor(y / f) * size + Math.floor(x / f)]!;
  return out;
}

/** A slice resized to the training size. */
export function resizeSlice(s: Slice, target: number, classes: number): Slice {
  if (target === s.size) return s;
  return { z: s.z, image: downsampleImage(s.image, s.size, target), mask: downsampleMask(s.mask, s.size, target, classes), size: target };
}

/** A batch of patches: x [n, p, p, 1], y one-hot [n, p, p, classes]. */
export interface PatchBatch { x: Float32Array; y: Float32Array; count: number; patch: number; classes: number }

/**
 * `count` random patch×patch crops from random slices; a crop is redrawn (up to 10 times)
 * when it holds only background, so epochs are not spent on empty air.
 */
export function samplePatches(rng: Rng, slices: readonly Slice[], count: number, patch: number, classes: number): PatchBatch {
  const x = new Float32Array(count * patch * patch);
  const y = new Float32Array(count * patch * patch * classes);
  for (let k = 0; k < count; k++) {
    let s = slices[0]!, ox = 0, oy = 0;
    for (let tries = 0; tries < 10; tries++) {
      s = slices[rng.int(slices.length)]!;
      ox = rng.int(s.size - patch + 1); oy = rng.int(s.size - patch + 1);
      let fg = 0;
      for (let r = 0; r < patch && !fg; r += 4) for (let c = 0; c < patch; c += 4) fg += s.mask[(oy + r) * s.size + ox + c]! > 0 ? 1 : 0;
      if (fg) break;
    }
    for (let r = 0; r < patch; r++) for (let c = 0; c < patch; c++) {
      const src = (oy + r) * s.size + ox + c, dst = k * patch * patch + r * patch + c;
      x[dst] = s.image[src]!;
      y[dst * classes + s.mask[src]!] = 1;
    }
  }
  return { x, y, count, patch, classes };
}

/** The trivial baseline: per pixel, the class most often found there over the training slices. */
export function meanMask(slices: readonly Slice[], classes: number): Uint8Array {
  const size = slices[0]!.size;
  const votes = new Uint32Array(size * size * classes);
  for (const s of slices) s.mask.forEach((c, p) => { votes[p * classes + c]!++; });
  const out = new Uint8Array(size * size);
  for (let p = 0; p < out.length; p++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (votes[p * classes + c]! > votes[p * classes + best]!) best = c;
    out[p] = best;
  }
  return out;
}
