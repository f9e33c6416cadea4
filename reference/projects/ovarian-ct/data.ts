/**
 * Loading the notebook's layout (Data_Subsample/CT/*.nii.gz + Data_Subsample/Segmentation/ of
 * the same names), the split by patient, Hounsfield windowing and label-safe augmentation.
 * Volumes are kept in NIfTI file order (x fastest), which is row-major [z, y, x]: exactly the
 * D, H, W of an NDHWC tensor.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MedgradeError, ParseError } from '../../../harness/errors.js';
import { readNifti } from '../../core/io/index.js';
import { shuffledIndices, type Rng } from '../../core/seed.js';

export interface CtCase {
  /** File stem, e.g. synthetic_patient_007. */
  id: string;
  /** Patient the scan belongs to; several scans of one patient always share a split. */
  patient: string;
  hu: Float32Array;
  labels: Uint8Array;
  /** [x, y, z] voxels. */
  shape: [number, number, number];
  affine: number[][];
}

export interface Split { train: CtCase[]; val: CtCase[]; test: CtCase[] }

/** Patient id from a file stem: "patient_012", "case-3", … with any prefix; else the stem itself. */
export function patientOf(stem: string): string {
  const m = /(patient|case|subject)[_-]?0*(\d+)/i.exec(stem);
  return m ? `${m[1]!.toLowerCase()}_${m[2]}` : stem;
}

/** Reads every CT/mask pair; masks must share the CT's shape and hold only 0, 1, 2. */
export function loadCases(root: string): { cases: CtCase[]; checksums: Record<string, string> } {
  const ctDir = join(root, 'Data_Subsample', 'CT'), segDir = join(root, 'Data_Subsample', 'Segmentation');
  if (!existsSync(ctDir) || !existsSync(segDir)) throw new MedgradeError('E_INPUT_NOT_FOUND', `expected ${ctDir} and ${segDir}`);
  const files = readdirSync(ctDir).filter((f) => f.endsWith('.nii.gz') || f.endsWith('.nii')).sort();
  if (files.length === 0) throw new MedgradeError('E_USAGE', `no NIfTI volumes in ${ctDir}`);
  const cases: CtCase[] = [];
  const checksums: Record<string, string> = {};
  for (const f of files) {
    const segPath = join(segDir, f);
    if (!existsSync(segPath)) throw new ParseError(`no segmentation for ${f}`, segPath);
    const ct = readNifti(join(ctDir, f));
    const seg = readNifti(segPath);
    if (ct.shape.length < 3 || seg.shape.slice(0, 3).join() !== ct.shape.slice(0, 3).join()) {
      throw new ParseError(`mask shape [${seg.shape.join(', ')}] differs from CT shape [${ct.shape.join(', ')}]`, segPath);
    }
    const labels = new Uint8Array(seg.data.length);
    for (let i = 0; i < labels.length; i++) {
      const v = Math.round(Number(seg.data[i]));
      if (v < 0 || v > 2) throw new ParseError(`label ${v} at voxel ${i}; expected 0, 1 or 2`, segPath);
      labels[i] = v;
    }
    const stem = f.replace(/\.nii(\.gz)?$/, '');
    cases.push({ id: stem, patient: patientOf(stem), hu: Float32Array.from(ct.data as ArrayLike<number>), labels, shape: ct.shape.slice(0, 3) as [number, number, number], affine: ct.affine });
    for (const [dir, name] of [[ctDir, 'CT'], [segDir, 'Segmentation']] as const) {
      checksums[`${name}/${f}`] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
    }
  }
  return { cases, checksums };
}

/**
 * Shuffles PATIENTS (not scans or slices) with `rng` and fills test, then val, then train
 * with whole patients. The notebook's train_test_split over file lists is only patient-level
 * because each file is one patient; slicing volumes first would leak.
 */
export function splitByPatient(cases: readonly CtCase[], counts: { train: number; val: number; test: number }, rng: Rng): Split {
  const patients = [...new Set(cases.map((c) => c.patient))].sort();
  const need = counts.train + counts.val + counts.test;
  if (patients.length < need) throw new MedgradeError('E_USAGE', `split needs ${need} patients, found ${patients.length}`);
  const order = Array.from(shuffledIndices(rng, patients.length), (i) => patients[i]!);
  const take = (from: number, n: number): CtCase[] => {
    const ids = new Set(order.slice(from, from + n));
    return cases.filter((c) => ids.has(c.patient));
  };
  return { test: take(0, counts.test), val: take(counts.test, counts.val), train: take(counts.test + counts.val, counts.train) };
}

/** HU clipped to [lo, hi] and scaled to [0, 1]. */
export function windowHu(hu: Float32Array, [lo, hi]: [number, number]): Float32Array {
  const out = new Float32Array(hu.length);
  for (let i = 0; i < hu.length; i++) out[i] = (Math.min(Math.max(hu[i]!, lo), hi) - lo) / (hi - lo);
  return out;
}

/**
 * Mirrors a volume (x fastest) along axis 0 (x) or 1 (y). A flip moves voxels without
 * interpolating, so image and mask stay aligned and labels stay integers. The notebook's
 * rotation instead rotates masks with mode='reflect', which mirrors lesions into the padded
 * border, and rounds the result: use order 0 with mode='constant', cval=0 for masks.
 */
export function flipVolume<T extends Float32Array | Uint8Array>(data: T, shape: [number, number, number], axis: 0 | 1): T {
  const [nx, ny, nz] = shape;
  const out = new (data.constructor as new (n: number) => T)(data.length);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const sx = axis === 0 ? nx - 1 - x : x, sy = axis === 1 ? ny - 1 - y : y;
    out[(z * ny + y) * nx + x] = data[(z * ny + sy) * nx + sx]!;
  }
  return out;
}

/** Random left-right and front-back flips applied identically to image and mask. */
export function augment(image: Float32Array, labels: Uint8Array, shape: [number, number, number], rng: Rng): { image: Float32Array; labels: Uint8Array } {
  let img = image, lab = labels;
  for (const axis of [0, 1] as const) {
    if (rng.next() < 0.5) { img = flipVolume(img, shape, axis); lab = flipVolume(lab, shape, axis); }
  }
  return { image: img, labels: lab };
}

/**
 * A crop of `size` voxels [x, y, z] from image and mask together. With probability
 * `foregroundProb` it contains a random lesion voxel, placed anywhere in the crop, else it is
 * placed uniformly: lesions are ~0.3% of a volume, so uniform crops would rarely show one
 * (nnU-Net's oversampling). Not centred on the voxel: a lesion always in the middle of the
 * crop is a position the network can learn instead of the lesion. Crops never interpolate, so
 * labels stay exact.
 */
export function randomCrop(image: Float32Array, labels: Uint8Array, shape: [number, number, number], size: [number, number, number], foregroundProb: number, rng: Rng): { image: Float32Array; labels: Uint8Array } {
  const [nx, ny, nz] = shape, [cx, cy, cz] = size;
  if (cx > nx || cy > ny || cz > nz) throw new MedgradeError('E_USAGE', `crop [${size.join(', ')}] larger than volume [${shape.join(', ')}]`);
  let ox = rng.int(nx - cx + 1), oy = rng.int(ny - cy + 1), oz = rng.int(nz - cz + 1);
  if (rng.next() < foregroundProb) {
    const fg: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i]) fg.push(i);
    if (fg.length) {
      const at = fg[rng.int(fg.length)]!;
      // Offsets o with o <= v < o + c and 0 <= o <= n - c, drawn uniformly.
      const place = (v: number, c: number, n: number): number => { const lo = Math.max(0, v - c + 1), hi = Math.min(v, n - c); return lo + rng.int(hi - lo + 1); };
      ox = place(at % nx, cx, nx); oy = place(Math.floor(at / nx) % ny, cy, ny); oz = place(Math.floor(at / (nx * ny)), cz, nz);
    }
  }
  const img = new Float32Array(cx * cy * cz), lab = new Uint8Array(cx * cy * cz);
  for (let z = 0; z < cz; z++) for (let y = 0; y < cy; y++) {
    const src = ((oz + z) * ny + oy + y) * nx + ox, dst = (z * cy + y) * cx;
    img.set(image.subarray(src, src + cx), dst); lab.set(labels.subarray(src, src + cx), dst);
  }
  return { image: img, labels: lab };
}

/** Voxel count per class 0..classes-1. */
export function classCounts(labels: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const l of labels) counts[l]!++;
  return counts;
}
