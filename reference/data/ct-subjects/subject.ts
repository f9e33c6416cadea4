import { MedgradeError } from '../../../harness/errors.js';
import { randomDeformation, resampleDeformed, type Grid } from '../ovarian-synthetic/deform.js';
import { lesionMask, lobulatedLesion, sphericalLesion, type Lesion } from '../ovarian-synthetic/lesions.js';
import { createRng } from '../ovarian-synthetic/rng.js';

/** Label values written to every ct-subjects label volume. */
export const CT_CLASSES = ['background', 'bone', 'lesion'] as const;

/** The real scan a subject is derived from: its HU volume and its bone mask (0/1) on the same grid. */
export interface CtSource {
  ct: Grid<ArrayLike<number>>;
  bone: ArrayLike<number>;
}

export interface SubjectOptions {
  shape: [number, number, number];
  /** HU added inside an inserted lesion (acute haemorrhage is ~+30..+45 HU over brain). */
  lesionContrastHu: number;
  /** Each subject gets 1..maxLesions lesions. */
  maxLesions: number;
  noiseHu: number;
}

/** One synthetic subject: `hu` = `base` + lesionContrastHu exactly where labels is 2. */
export interface RenderedSubject {
  base: Int16Array;
  hu: Int16Array;
  /** 0 background, 1 bone, 2 inserted lesion; x fastest, shape [x, y, z]. */
  labels: Uint8Array;
  shape: [number, number, number];
  spacing: [number, number, number];
  lesions: Lesion[];
  /** The subject's anatomy and intensity draw, for DATASET.json. */
  draw: { scale: [number, number, number]; rotationDeg: number; gain: number; offsetHu: number };
}

/** Voxels of brain-like soft tissue, where a haemorrhage-like lesion may sit. */
const SOFT = [10, 70] as const;

/**
 * Deforms the real CT and its bone mask with one seeded deformation (scaling ±10 %,
 * rotation ±8°, shift, smooth warp), varies intensity (gain, offset, noise), then inserts
 * 1..maxLesions hyperdense lobulated or spherical lesions inside soft tissue away from bone.
 * Bone comes from the deformed real threshold mask, not from the noisy HU, so a single
 * threshold of the subject's HU is close to it but not identical.
 */
export function renderSubject(source: CtSource, seed: number, o: SubjectOptions): RenderedSubject {
  const rng = createRng(seed);
  const d = randomDeformation(rng, 5);
  const deformed = resampleDeformed(source.ct, o.shape, d, -1024);
  const boneField = resampleDeformed({ ...source.ct, data: source.bone }, o.shape, d, 0);
  const gain = rng.uniform(0.95, 1.05);
  const offset = rng.uniform(-15, 15);
  const n = deformed.data.length;
  const base = new Int16Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    base[i] = clampHu(Math.round(gain * deformed.data[i]! + offset + o.noiseHu * rng.normal()));
    if (boneField.data[i]! >= 0.5) labels[i] = 1;
  }
  const soft: number[] = [];
  for (let i = 0; i < n; i++) if (labels[i] === 0 && base[i]! >= SOFT[0] && base[i]! <= SOFT[1]) soft.push(i);
  if (soft.length === 0) throw new MedgradeError('E_USAGE', 'the resampled CT has no soft tissue to place lesions in');
  const lesions: Lesion[] = [];
  const count = 1 + rng.int(o.maxLesions);
  const [nx, ny] = o.shape;
  for (let k = 0; k < count; k++) {
    let placed = false;
    for (let attempt = 0; attempt < 400 && !placed; attempt++) {
      const at = soft[rng.int(soft.length)]!;
      const x = at % nx; const y = Math.floor(at / nx) % ny; const z = Math.floor(at / (nx * ny));
      const centre: [number, number, number] = [(x + 0.5) * deformed.spacing[0], (y + 0.5) * deformed.spacing[1], (z + 0.5) * deformed.spacing[2]];
      const radius = rng.uniform(10, 18);
      const lesion = rng.next() < 0.6 ? lobulatedLesion(rng, 2, centre, radius) : sphericalLesion(2, centre, radius);
      const mask = lesionMask(lesion, o.shape, deformed.spacing);
      if (!fits(mask, base, labels, o.shape)) continue;
      for (let i = 0; i < n; i++) if (mask[i]) labels[i] = 2;
      lesions.push(lesion);
      placed = true;
    }
    if (!placed && lesions.length === 0) {
      throw new MedgradeError('E_USAGE', `could not place a lesion in a ${o.shape.join('×')} volume; use a larger shape`);
    }
  }
  const hu = new Int16Array(n);
  for (let i = 0; i < n; i++) hu[i] = clampHu(base[i]! + (labels[i] === 2 ? o.lesionContrastHu : 0));
  return {
    base, hu, labels, shape: o.shape, spacing: deformed.spacing, lesions,
    draw: { scale: d.scale, rotationDeg: (d.rotation * 180) / Math.PI, gain, offsetHu: offset },
  };
}

/** Every lesion voxel in soft tissue (not bone, not air or fat), one voxel clear of other lesions. */
function fits(mask: Uint8Array, base: Int16Array, labels: Uint8Array, shape: [number, number, number]): boolean {
  const [nx, ny, nz] = shape;
  let any = false;
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const i = (z * ny + y) * nx + x;
    if (!mask[i]) continue;
    any = true;
    if (labels[i] === 1 || base[i]! < -50 || base[i]! > 150) return false;
    for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx; const yy = y + dy; const zz = z + dz;
      if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
      if (labels[(zz * ny + yy) * nx + xx] === 2) return false;
    }
  }
  return any;
}

function clampHu(v: number): number {
  return Math.max(-32768, Math.min(32767, v));
}
