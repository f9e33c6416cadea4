import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ParseError } from '../errors.js';
import { decodeNifti } from '../../reference/core/io/nifti-read.js';
import { isGzip } from '../../reference/core/io/gzip.js';
import { decodeImage } from '../../reference/core/io/image-decode.js';
import type { VoxelArray } from '../../reference/core/io/nifti-types.js';

/**
 * One mask or image of the segmentation layout, NIfTI or PNG, in the file's own
 * voxel order. PNGs have no affine (null); their shape is [height, width].
 */
export interface MaskFile {
  data: VoxelArray | Float32Array;
  shape: number[];
  affine: number[][] | null;
}

export const SEGMENTATION_EXTENSIONS = ['.nii.gz', '.nii', '.png'] as const;

/** The layout's extension of a file name, or null when it is not one of ours. */
export function segmentationExtension(name: string): string | null {
  const lower = name.toLowerCase();
  return SEGMENTATION_EXTENSIONS.find((e) => lower.endsWith(e)) ?? null;
}

/** A mask written by a submission is untrusted: a small .nii.gz must not inflate without bound. */
const MAX_INFLATED_BYTES = 512 * 1024 * 1024;

function readNiftiBounded(path: string) {
  let buf = readFileSync(path);
  if (isGzip(buf)) {
    try {
      buf = gunzipSync(buf, { maxOutputLength: MAX_INFLATED_BYTES });
    } catch (e) {
      throw new ParseError(`gzip stream does not inflate within ${MAX_INFLATED_BYTES / 2 ** 20} MiB: ${(e as Error).message}`, path);
    }
  } else if (path.toLowerCase().endsWith('.gz')) throw new ParseError('the name ends in .gz but the file is not gzip-compressed', path);
  return decodeNifti(buf, path);
}

/** Reads a NIfTI or grey PNG. Anything unreadable is a ParseError naming `path`. */
export function readMaskFile(path: string): MaskFile {
  const ext = segmentationExtension(path);
  if (ext === '.png') {
    const img = decodeImage(readFileSync(path), path);
    if (img.channels !== 1) throw new ParseError('a mask PNG must be greyscale (one channel of class indices)', path);
    return { data: img.pixels, shape: [img.height, img.width], affine: null };
  }
  if (ext === null) throw new ParseError('not a .nii.gz, .nii or .png file', path);
  const v = readNiftiBounded(path);
  // Trailing singleton axes (a [x, y, z, 1] mask) are the same geometry.
  const shape = [...v.shape];
  while (shape.length > 2 && shape[shape.length - 1] === 1) shape.pop();
  return { data: v.data, shape, affine: v.affine };
}

/** Voxels in millimetres may differ by float32 rounding between writers (nibabel, ours). */
export function sameAffine(a: number[][], b: number[][], tolerance = 1e-3): boolean {
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      const x = a[r]?.[c] ?? 0, y = b[r]?.[c] ?? 0;
      if (Math.abs(x - y) > tolerance * Math.max(1, Math.abs(x), Math.abs(y))) return false;
    }
  }
  return true;
}

export const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

export function formatAffine(m: number[][]): string {
  return `[${m.slice(0, 3).map((r) => r.map((v) => Number(v.toFixed(3))).join(' ')).join('; ')}]`;
}

/**
 * Labels of a predicted mask as integers in 0..numClasses-1, or a description of
 * the first bad voxel (NaN, non-integer, outside the classes).
 */
export function checkLabels(data: ArrayLike<number>, numClasses: number): { labels: Uint8Array } | { problem: string } {
  const labels = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isInteger(v)) return { problem: `voxel ${i} holds ${v}, not a class index` };
    if (v < 0 || v >= numClasses) return { problem: `voxel ${i} holds label ${v}, outside the classes 0..${numClasses - 1}` };
    labels[i] = v;
  }
  return { labels };
}
