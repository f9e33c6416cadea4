import { popcount32 } from './hash.js';

/**
 * Near-duplicate candidate search by multi-index hashing (Norouzi et al. 2012):
 * each 64-bit hash is cut into 4 blocks of 16 bits, and each block indexes a
 * table. Two hashes within Hamming distance t differ in at most ⌊t/4⌋ bits of
 * at least one block (pigeonhole), so probing every block value within radius
 * ⌊t/4⌋ of the query's block finds every pair within t: recall is exact, and
 * the search does far less work than comparing all n² pairs.
 */
export interface HashPair {
  i: number;
  j: number;
  distance: number;
}

const BLOCKS = 4;

function block(hashes: Uint32Array, idx: number, b: number): number {
  const word = hashes[idx * 2 + (b >> 1)]!;
  return b & 1 ? word & 0xffff : word >>> 16;
}

/** XOR masks of 16 bits with at most r bits set: the probes of a radius-r search. */
export function masks16(r: number): number[] {
  const out = [0];
  const grow = (value: number, from: number, left: number): void => {
    for (let bit = from; bit < 16; bit++) {
      const next = value | (1 << bit);
      out.push(next);
      if (left > 1) grow(next, bit + 1, left - 1);
    }
  };
  if (r > 0) grow(0, 0, r);
  return out;
}

/** One block's table in compressed-row form: the ids with block value v are ids[start[v]..start[v+1]). */
function buildTable(hashes: Uint32Array, n: number, b: number): { start: Int32Array; ids: Int32Array } {
  const start = new Int32Array(65537);
  for (let i = 0; i < n; i++) start[block(hashes, i, b) + 1]!++;
  for (let v = 0; v < 65536; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, 65536);
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[fill[block(hashes, i, b)]!++] = i;
  return { start, ids };
}

/**
 * Every pair (i < j) whose hashes lie within `threshold` bits.
 * `hashes` holds n hashes as [hi, lo] pairs of uint32. `accept(i, j)` filters
 * pairs before the distance is computed (e.g. only pairs across splits).
 */
export function pairsWithin(
  hashes: Uint32Array,
  threshold: number,
  accept: (i: number, j: number) => boolean = () => true,
): HashPair[] {
  const n = hashes.length / 2;
  const masks = masks16(Math.floor(threshold / BLOCKS));
  const tables = Array.from({ length: BLOCKS }, (_, b) => buildTable(hashes, n, b));
  const pairs: HashPair[] = [];
  const seenBy = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const hi = hashes[i * 2]!, lo = hashes[i * 2 + 1]!;
    for (let b = 0; b < BLOCKS; b++) {
      const { start, ids } = tables[b]!;
      const own = block(hashes, i, b);
      for (const mask of masks) {
        const key = own ^ mask;
        for (let k = start[key]!, end = start[key + 1]!; k < end; k++) {
          const j = ids[k]!;
          // each unordered pair once: j > i, and only the first probe that finds it
          if (j <= i || seenBy[j] === i) continue;
          seenBy[j] = i;
          if (!accept(i, j)) continue;
          const d = popcount32((hi ^ hashes[j * 2]!) >>> 0) + popcount32((lo ^ hashes[j * 2 + 1]!) >>> 0);
          if (d <= threshold) pairs.push({ i, j, distance: d });
        }
      }
    }
  }
  return pairs;
}
