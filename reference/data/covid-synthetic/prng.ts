/**
 * A seeded generator of our own, so the dataset does not depend on Math.random
 * or on the Node version: the same seed gives byte-identical PNGs everywhere.
 */
import { mulberry32 } from '../../core/prng.js';
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

/** mulberry32: 32-bit state, good enough statistics for image noise and layout. */
export function createRng(seed: number): Rng {
  let spare: number | null = null;
  const next = mulberry32(seed);
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      const u = Math.max(next(), 1e-12);
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Derives an independent seed per image, so image i does not depend on how many
 * came before. The seed is mixed before the index is added, so (seed, i) pairs
 * of nearby seeds do not collide.
 */
export function imageSeed(seed: number, index: number): number {
  return fmix32((fmix32(seed ^ 0x9e3779b9) + Math.imul(index + 1, 0x9e3779b9)) >>> 0);
}
