/**
 * Image corruptions for the robustness sweep, applied to grey images in [0, 1] before the
 * model's own preprocessing: additive Gaussian noise (σ in intensity units), Gaussian blur (σ in
 * pixels) and a contrast shift (scaling around each image's mean by a factor < 1, as a
 * different scanner window or exposure would). Level 0 of each is the clean image.
 */
import type { Rng } from '../../core/seed.js';

export type CorruptionName = 'noise' | 'blur' | 'contrast';

export interface Corruption {
  name: CorruptionName;
  /** What a level means, for axis titles and the findings. */
  unit: string;
  /** Strengths from none to strongest; levels[0] leaves the image unchanged. */
  levels: number[];
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/** x + σ·N(0, 1) per pixel, clipped to [0, 1]. Seeded, so every model sees the same noise. */
export function addNoise(img: Float32Array, sigma: number, rng: Rng): Float32Array {
  if (sigma === 0) return Float32Array.from(img);
  return Float32Array.from(img, (v) => clamp01(v + sigma * rng.normal()));
}

/** Normalised 1D Gaussian taps out to 3σ. */
export function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = Float32Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const s = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / s);
}

/** Separable Gaussian blur of a size×size image, edges clamped (so a flat image stays flat). */
export function blur(img: Float32Array, size: number, sigma: number): Float32Array {
  if (sigma === 0) return Float32Array.from(img);
  const k = gaussianKernel(sigma), r = (k.length - 1) >> 1;
  const tmp = new Float32Array(img.length), out = new Float32Array(img.length);
  const at = (i: number): number => (i < 0 ? 0 : i >= size ? size - 1 : i);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    let s = 0;
    for (let j = -r; j <= r; j++) s += k[j + r]! * img[y * size + at(x + j)]!;
    tmp[y * size + x] = s;
  }
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    let s = 0;
    for (let j = -r; j <= r; j++) s += k[j + r]! * tmp[at(y + j) * size + x]!;
    out[y * size + x] = s;
  }
  return out;
}

/** mean + factor·(x − mean): factor 1 is the clean image, factor 0 a flat grey image. */
export function contrastShift(img: Float32Array, factor: number): Float32Array {
  let mean = 0;
  for (const v of img) mean += v;
  mean /= img.length || 1;
  return Float32Array.from(img, (v) => clamp01(mean + factor * (v - mean)));
}

/** One corruption at one level, applied to `count` images stored back to back. */
export function corruptImages(x: Float32Array, count: number, size: number, name: CorruptionName, level: number, rng: Rng): Float32Array {
  const px = size * size, out = new Float32Array(x.length);
  for (let i = 0; i < count; i++) {
    const img = x.subarray(i * px, (i + 1) * px);
    const c = name === 'noise' ? addNoise(img, level, rng) : name === 'blur' ? blur(img, size, level) : contrastShift(img, level);
    out.set(c, i * px);
  }
  return out;
}

/**
 * The sweep lab 8 runs: each corruption from none to clearly visible, at 6 levels, or a subset of
 * 4 (none, moderate, strong, strongest) or 3 (none, strong, strongest) where time is short.
 */
export function defaultCorruptions(levels: 3 | 4 | 6 = 6): Corruption[] {
  const pick = { 3: [0, 3, 5], 4: [0, 2, 3, 5], 6: [0, 1, 2, 3, 4, 5] }[levels];
  const keep = (all: number[]): number[] => pick.map((i) => all[i]!);
  return [
    { name: 'noise', unit: 'noise σ (intensity, image in [0, 1])', levels: keep([0, 0.025, 0.05, 0.1, 0.2, 0.3]) },
    { name: 'blur', unit: 'blur σ (pixels)', levels: keep([0, 0.5, 1, 1.5, 2, 3]) },
    { name: 'contrast', unit: 'contrast factor (1 = unchanged)', levels: keep([1, 0.8, 0.6, 0.4, 0.25, 0.1]) },
  ];
}
