import { MedgradeError } from '../../../harness/errors.js';
import { randomDeformation, resampleDeformed, type Grid } from '../ovarian-synthetic/deform.js';
import { lesionMask, lobulatedLesion, sphericalLesion } from '../ovarian-synthetic/lesions.js';
import type { Rng } from '../ovarian-synthetic/rng.js';
import { BRAIN_SLICES, WINDOW } from './options.js';

/** The brain slices of the source CT (x fastest, z slowest), so every patient's slices show brain. */
export function brainBlock(source: Grid<ArrayLike<number>>): Grid<ArrayLike<number>> {
  const [nx, ny, nz] = source.shape;
  const [z0, z1] = nz > BRAIN_SLICES[1] ? BRAIN_SLICES : [0, nz];
  const from = z0 * nx * ny, to = z1 * nx * ny;
  const src = source.data as ArrayLike<number> & { subarray?: (a: number, b: number) => ArrayLike<number> };
  const data = src.subarray ? src.subarray(from, to) : Float32Array.from({ length: to - from }, (_, i) => src[from + i]!);
  return { data, shape: [nx, ny, z1 - z0], spacing: source.spacing };
}

export interface PatientSlices {
  /** slices × size × size HU after deformation, gain, offset and noise, before any lesion. */
  base: Int16Array;
  spacing: [number, number, number];
}

/** One "patient": a seeded deformation of the brain block with its own gain, offset and noise. */
export function renderPatientSlices(block: Grid<ArrayLike<number>>, rng: Rng, size: number, slices: number, noiseHu: number): PatientSlices {
  // One extra slice above and below, dropped: a deformation can push the outermost ones past the block.
  const deformed = resampleDeformed(block, [size, size, slices + 2], randomDeformation(rng), -1024);
  const kept = deformed.data.subarray(size * size, size * size * (slices + 1));
  const gain = rng.uniform(0.95, 1.05);
  const offset = rng.uniform(-8, 8);
  const base = new Int16Array(kept.length);
  for (let i = 0; i < base.length; i++) base[i] = Math.round(gain * kept[i]! + offset + noiseHu * rng.normal());
  return { base, spacing: deformed.spacing };
}

export interface InsertedLesion {
  hu: Int16Array;
  /** 0/1, size×size. */
  mask: Uint8Array;
  contrastHu: number;
  radiusMm: number;
  centre: [number, number];
}

const BRAIN_HU: [number, number] = [15, 60];
const INSIDE_HU: [number, number] = [0, 90];

/**
 * Adds one hyperdense lesion (a disc or a lobulated union of discs, hard edges so the mask
 * is exact) to a slice, centred in brain tissue with at least 85% of it inside 0..90 HU
 * (never in bone or air). The lesion is synthetic; the slice around it is real anatomy.
 */
export function insertLesion(slice: Int16Array, size: number, spacing: [number, number, number], rng: Rng,
  contrast: [number, number], radius: [number, number]): InsertedLesion {
  const brain: number[] = [];
  for (let i = 0; i < slice.length; i++) if (slice[i]! >= BRAIN_HU[0] && slice[i]! <= BRAIN_HU[1]) brain.push(i);
  if (brain.length === 0) throw new MedgradeError('E_USAGE', 'a slice has no brain tissue to place a lesion in');
  for (let attempt = 0; attempt < 400; attempt++) {
    const at = brain[rng.int(brain.length)]!;
    const centre: [number, number, number] = [((at % size) + 0.5) * spacing[0], (Math.floor(at / size) + 0.5) * spacing[1], 0.5 * spacing[2]];
    const r = rng.uniform(radius[0], radius[1]);
    const lesion = rng.next() < 0.5 ? lobulatedLesion(rng, 1, centre, r) : sphericalLesion(1, centre, r);
    const mask = lesionMask(lesion, [size, size, 1], spacing);
    let n = 0, inside = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i]) { n++; if (slice[i]! >= INSIDE_HU[0] && slice[i]! <= INSIDE_HU[1]) inside++; }
    if (n < 3 || inside < 0.85 * n) continue;
    const c = rng.uniform(contrast[0], contrast[1]);
    const hu = Int16Array.from(slice, (v, i) => (mask[i] ? Math.round(v + c) : v));
    return { hu, mask, contrastHu: c, radiusMm: r, centre: [centre[0], centre[1]] };
  }
  throw new MedgradeError('E_USAGE', `could not place a lesion in a ${size}×${size} slice; use a larger size or smaller radius`);
}

/** HU → 8-bit grey through the brain window. */
export function windowToGrey(hu: Int16Array): Uint8Array {
  const lo = WINDOW.centre - WINDOW.width / 2;
  const out = new Uint8Array(hu.length);
  for (let i = 0; i < hu.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(((hu[i]! - lo) / WINDOW.width) * 255)));
  return out;
}
