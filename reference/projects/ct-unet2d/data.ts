/**
 * HU windowing, slicing and the subject split. Volumes are read back from the generator's
 * NIfTI files (the same files a student gets), so the reference exercises the real format.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNifti } from '../../core/io/nifti-read.js';
import { generateCtSubjects } from '../../data/ct-subjects/generate.js';
import type { CtUnetConfig, HuWindow } from './config.js';

/** Maps HU to [0, 1] through one window; values outside are clipped. */
export function windowHu(hu: number, w: HuWindow): number {
  const v = (hu - (w.level - w.width / 2)) / w.width;
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** One subject as read from disk: x fastest, shape [x, y, z]. */
export interface CtVolume { id: string; hu: Int16Array; labels: Uint8Array; shape: [number, number, number]; spacing: number[] }

/**
 * Axial slices of some volumes as network input: x is [slices, H=y, W=x, windows] with one
 * channel per window, labels is [slices, H, W]. `index` says which subject and z each slice is.
 */
export interface SliceSet { x: Float32Array; labels: Int32Array; count: number; size: number; channels: number; index: { subject: string; z: number }[] }

export function volumesToSlices(volumes: readonly CtVolume[], windows: readonly HuWindow[]): SliceSet {
  if (volumes.length === 0) throw new Error('volumesToSlices: expected at least one volume, got 0');
  const [nx, ny] = volumes[0]!.shape;
  if (nx !== ny) throw new Error(`volumesToSlices: expected square slices, got ${nx}×${ny}`);
  const count = volumes.reduce((s, v) => s + v.shape[2], 0);
  const c = windows.length;
  const x = new Float32Array(count * nx * ny * c);
  const labels = new Int32Array(count * nx * ny);
  const index: SliceSet['index'] = [];
  let s = 0;
  for (const v of volumes) {
    if (v.shape[0] !== nx || v.shape[1] !== ny) throw new Error(`volumesToSlices: ${v.id} is ${v.shape.join('×')}, expected ${nx}×${ny}×z`);
    for (let z = 0; z < v.shape[2]; z++, s++) {
      index.push({ subject: v.id, z });
      for (let p = 0; p < nx * ny; p++) {
        const src = z * nx * ny + p;
        const dst = s * nx * ny + p;
        labels[dst] = v.labels[src]!;
        for (let k = 0; k < c; k++) x[dst * c + k] = windowHu(v.hu[src]!, windows[k]!);
      }
    }
  }
  return { x, labels, count, size: nx, channels: c, index };
}

export interface CtData { train: CtVolume[]; val: CtVolume[]; test: CtVolume[]; checksums: Record<string, string>; spacing: number[] }

/** Reads <dir>/<split>/images + masks (the segmentation layout) for one split. */
export function readSplit(dir: string, split: string): CtVolume[] {
  const names = readdirSync(join(dir, split, 'images')).filter((f) => f.endsWith('.nii.gz')).sort();
  return names.map((f) => {
    const img = readNifti(join(dir, split, 'images', f));
    const seg = readNifti(join(dir, split, 'masks', f), { labels: true });
    if (img.shape.join() !== seg.shape.join()) throw new Error(`${split}/${f}: image ${img.shape.join('×')} and mask ${seg.shape.join('×')} differ`);
    return { id: f.replace(/\.nii\.gz$/, ''), hu: Int16Array.from(img.data), labels: Uint8Array.from(seg.data), shape: img.shape.slice(0, 3) as [number, number, number], spacing: img.spacing.slice(0, 3) };
  });
}

/** Generates the configuration's ct-subjects into a temporary folder and reads every split back. */
export async function loadCtData(config: CtUnetConfig): Promise<CtData> {
  const dir = mkdtempSync(join(tmpdir(), 'medgrade-ct-unet2d-'));
  try {
    const g = await generateCtSubjects({ out: dir, ...config.data });
    return { train: readSplit(dir, 'train'), val: readSplit(dir, 'val'), test: readSplit(dir, 'test'), checksums: { 'ct-subjects': g.digest }, spacing: g.spacing };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
