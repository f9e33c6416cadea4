/**
 * mulberry32: a 32-bit seeded generator of uniform floats in [0, 1). Ours rather than
 * Math.random so a seed gives the same stream on every machine and Node version.
 * Kept free of imports: the generators and the harness use it without loading tfjs.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
