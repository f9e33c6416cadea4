import { MedgradeError } from '../../../harness/errors.js';
import { resampleDeformed, randomDeformation, type Grid } from './deform.js';
import { lesionMask, lobulatedLesion, sphericalLesion, type Lesion } from './lesions.js';
import { createRng } from './rng.js';

export interface PatientOptions {
  shape: [number, number, number];
  primaryContrastHu: number;
  metastasisContrastHu: number;
  metastases: number;
  noiseHu: number;
}

/** One synthetic patient: `hu` = `base` + contrast exactly where `labels` is 1 or 2. */
export interface RenderedPatient {
  /** The deformed, intensity-varied CT before lesion insertion (int16 HU). */
  base: Int16Array;
  hu: Int16Array;
  /** 0 background, 1 primary tumour, 2 metastasis. */
  labels: Uint8Array;
  shape: [number, number, number];
  spacing: [number, number, number];
  lesions: Lesion[];
}

const BODY_HU = -300;

/**
 * Deforms the source CT with the patient's seed (scaling, rotation, smooth warp,
 * gain/offset and noise), then inserts one lobulated primary and `metastases`
 * smaller spherical or lobulated lesions inside soft tissue, never overlapping.
 * Edges are hard so the labels are exact ground truth.
 */
export function renderPatient(source: Grid<ArrayLike<number>>, seed: number, o: PatientOptions): RenderedPatient {
  const rng = createRng(seed);
  const deformed = resampleDeformed(source, o.shape, randomDeformation(rng), -1024);
  const gain = rng.uniform(0.95, 1.05);
  const offset = rng.uniform(-15, 15);
  const n = deformed.data.length;
  const base = new Int16Array(n);
  for (let i = 0; i < n; i++) base[i] = clampHu(Math.round(gain * deformed.data[i]! + offset + o.noiseHu * rng.normal()));
  const labels = new Uint8Array(n);
  const soft: number[] = [];
  for (let i = 0; i < n; i++) if (base[i]! >= -20 && base[i]! <= 120) soft.push(i);
  if (soft.length === 0) throw new MedgradeError('E_USAGE', 'the resampled CT has no soft tissue to place lesions in');
  const lesions: Lesion[] = [];
  const plan: { label: 1 | 2; radius: () => number; lobulated: () => boolean }[] = [
    { label: 1, radius: () => rng.uniform(12, 20), lobulated: () => true },
    ...Array.from({ length: o.metastases }, () => ({ label: 2 as const, radius: () => rng.uniform(6, 10), lobulated: () => rng.next() < 0.5 })),
  ];
  for (const p of plan) {
    let placed = false;
    for (let attempt = 0; attempt < 300 && !placed; attempt++) {
      const at = soft[rng.int(soft.length)]!;
      const x = at % o.shape[0]; const y = Math.floor(at / o.shape[0]) % o.shape[1]; const z = Math.floor(at / (o.shape[0] * o.shape[1]));
      const centre: [number, number, number] = [(x + 0.5) * deformed.spacing[0], (y + 0.5) * deformed.spacing[1], (z + 0.5) * deformed.spacing[2]];
      const radius = p.radius();
      const lesion = p.lobulated() ? lobulatedLesion(rng, p.label, centre, radius) : sphericalLesion(p.label, centre, radius);
      const mask = lesionMask(lesion, o.shape, deformed.spacing);
      if (!fits(mask, base, labels, o.shape)) continue;
      for (let i = 0; i < n; i++) if (mask[i]) labels[i] = p.label;
      lesions.push(lesion);
      placed = true;
    }
    if (!placed) throw new MedgradeError('E_USAGE', `could not place a lesion of class ${p.label} in a ${o.shape.join('×')} volume; use a larger shape`);
  }
  const hu = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const add = labels[i] === 1 ? o.primaryContrastHu : labels[i] === 2 ? o.metastasisContrastHu : 0;
    hu[i] = clampHu(base[i]! + add);
  }
  return { base, hu, labels, shape: o.shape, spacing: deformed.spacing, lesions };
}

/** Inside the body, and at least one voxel away from every lesion already placed (so they stay separate). */
function fits(mask: Uint8Array, base: Int16Array, labels: Uint8Array, shape: [number, number, number]): boolean {
  const [nx, ny, nz] = shape;
  let any = false;
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const i = (z * ny + y) * nx + x;
    if (!mask[i]) continue;
    any = true;
    if (base[i]! < BODY_HU) return false;
    for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx; const yy = y + dy; const zz = z + dz;
      if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
      if (labels[(zz * ny + yy) * nx + xx]) return false;
    }
  }
  return any;
}

function clampHu(v: number): number {
  return Math.max(-32768, Math.min(32767, v));
}
