/**
 * Lab 7's data: ct-lesions (REAL head-CT anatomy, SYNTHETIC inserted lesions, split by patient),
 * and stratified seeded subsets of the training split for the training-set-size study.
 */
import { loadCtLesions, type CtLesionSet, type CtLesionsOptions } from '../../data/ct-lesions/index.js';
import { shuffledIndices, type Rng } from '../../core/seed.js';

export interface Lab7Split { x: Float32Array; y: Float32Array; masks: Uint8Array; names: string[]; count: number; size: number }
export interface Lab7Data { train: Lab7Split; val: Lab7Split; test: Lab7Split; size: number; checksums: Record<string, string>; synthetic: true; description: string }

function split(s: CtLesionSet, size: number): Lab7Split {
  return { x: s.x, y: s.y, masks: s.masks, names: s.names, count: s.count, size };
}

export function loadLab7Data(options: CtLesionsOptions): Lab7Data {
  const d = loadCtLesions(options);
  return { train: split(d.train, d.size), val: split(d.val, d.size), test: split(d.test, d.size), size: d.size, checksums: d.checksums, synthetic: true, description: d.description };
}

/**
 * Indices of a stratified subset: `fraction` of each class (at least one of each), in a seeded
 * order. Subsets are nested for one rng state: the 25 % subset is inside the 50 % one.
 */
export function stratifiedSubset(y: ArrayLike<number>, fraction: number, rng: Rng): number[] {
  const order = shuffledIndices(rng, y.length);
  const picked: number[] = [];
  for (const cls of [0, 1]) {
    const members = Array.from(order).filter((i) => y[i] === cls);
    const take = Math.max(1, Math.min(members.length, Math.round(fraction * members.length)));
    picked.push(...members.slice(0, take));
  }
  return picked.sort((a, b) => a - b);
}

/** Rows `idx` of a row-major array with `per` values per row. */
export function takeRows(x: Float32Array, per: number, idx: readonly number[]): Float32Array {
  const out = new Float32Array(idx.length * per);
  idx.forEach((i, k) => out.set(x.subarray(i * per, (i + 1) * per), k * per));
  return out;
}
