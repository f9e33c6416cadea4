import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/overlap/phantom.js';
import { popcount32 } from '../../../harness/checks/overlap/hash.js';
import { masks16, pairsWithin } from '../../../harness/checks/overlap/search.js';

/** Hashes in clusters, so that every distance from 0 to 64 occurs. */
function clusteredHashes(n: number, seed: number): Uint32Array {
  const rnd = mulberry32(seed);
  const out = new Uint32Array(n * 2);
  for (let i = 0; i < n; i++) {
    if (i % 4 === 0) { out[i * 2] = (rnd() * 2 ** 32) >>> 0; out[i * 2 + 1] = (rnd() * 2 ** 32) >>> 0; continue; }
    let hi = out[(i - 1) * 2]!, lo = out[(i - 1) * 2 + 1]!;
    const flips = Math.floor(rnd() * 12);
    for (let f = 0; f < flips; f++) {
      const bit = Math.floor(rnd() * 64);
      if (bit < 32) hi ^= 1 << bit; else lo ^= 1 << (bit - 32);
    }
    out[i * 2] = hi >>> 0; out[i * 2 + 1] = lo >>> 0;
  }
  return out;
}

function bruteForce(h: Uint32Array, t: number): string[] {
  const out: string[] = [];
  const n = h.length / 2;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const d = popcount32((h[i * 2]! ^ h[j * 2]!) >>> 0) + popcount32((h[i * 2 + 1]! ^ h[j * 2 + 1]!) >>> 0);
    if (d <= t) out.push(`${i},${j},${d}`);
  }
  return out.sort();
}

describe('multi-index search', () => {
  it('probes C(16,0)+…+C(16,r) block values', () => {
    expect(masks16(0)).toHaveLength(1);
    expect(masks16(2)).toHaveLength(1 + 16 + 120);
    expect(new Set(masks16(3)).size).toBe(1 + 16 + 120 + 560);
  });

  it.each([0, 3, 4, 7, 10, 14])('returns exactly the brute-force pairs within %i bits', (t) => {
    const h = clusteredHashes(400, 99 + t);
    const got = pairsWithin(h, t).map((p) => `${p.i},${p.j},${p.distance}`).sort();
    const want = bruteForce(h, t);
    expect(got).toEqual(want);
    if (t >= 7) expect(want.length).toBeGreaterThan(50);
  });
});
