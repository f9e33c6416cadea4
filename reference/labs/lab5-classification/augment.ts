/**
 * Augmentation for axial CT slices, seeded: a small rotation and shift (patients lie a little
 * differently in the scanner), contrast and brightness jitter (scanner calibration and window
 * differences) and Gaussian noise (dose). No flips: left and right are reported clinically and
 * a flipped head is not a new patient, and no vertical flip ever happens in a scanner.
 */
import type { Rng } from '../../core/seed.js';

export interface AugmentOptions { maxRotateDeg: number; maxShift: number; contrast: number; brightness: number; noise: number }

/** One augmented copy of a size×size image in [0, 1] (bilinear resampling, edges read as 0 = air). */
export function augmentImage(img: Float32Array, size: number, rng: Rng, o: AugmentOptions): Float32Array {
  const angle = ((rng.next() * 2 - 1) * o.maxRotateDeg * Math.PI) / 180;
  const dx = (rng.next() * 2 - 1) * o.maxShift, dy = (rng.next() * 2 - 1) * o.maxShift;
  const gain = 1 + (rng.next() * 2 - 1) * o.contrast, offset = (rng.next() * 2 - 1) * o.brightness;
  const cos = Math.cos(angle), sin = Math.sin(angle), c = (size - 1) / 2;
  const at = (r: number, col: number): number => (r < 0 || col < 0 || r >= size || col >= size ? 0 : img[r * size + col]!);
  const out = new Float32Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let col = 0; col < size; col++) {
      const yr = r - dy - c, xr = col - dx - c;
      const sy = cos * yr - sin * xr + c, sx = sin * yr + cos * xr + c;
      const y0 = Math.floor(sy), x0 = Math.floor(sx), fy = sy - y0, fx = sx - x0;
      const v = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
      out[r * size + col] = Math.min(1, Math.max(0, (v - 0.5) * gain + 0.5 + offset + o.noise * rng.normal()));
    }
  }
  return out;
}

/** A new array with every image of `x` (count × size × size) augmented once. */
export function augmentBatch(x: Float32Array, count: number, size: number, rng: Rng, o: AugmentOptions): Float32Array {
  const px = size * size, out = new Float32Array(x.length);
  for (let i = 0; i < count; i++) out.set(augmentImage(x.subarray(i * px, (i + 1) * px), size, rng, o), i * px);
  return out;
}
