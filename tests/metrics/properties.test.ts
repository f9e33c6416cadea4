import fc from 'fast-check';
import { describe, it } from 'vitest';
import { bootstrapCI, diceScores, hausdorffDistanceMask, rocAuc, squaredDistanceTransform } from '../../harness/metrics/index.js';

// Independent definitions checked against the fast implementations on random inputs.
const runs = { numRuns: 150, seed: 20261122 };

/** Mann–Whitney: share of (positive, negative) pairs ranked correctly, ties 1/2. */
function pairwiseAuc(y: number[], s: number[]): number {
  let wins = 0, pairs = 0;
  y.forEach((yi, i) => y.forEach((yj, j) => {
    if (yi === 1 && yj === 0) { pairs++; wins += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0; }
  }));
  return pairs === 0 ? Number.NaN : wins / pairs;
}

const labelledScores = fc.integer({ min: 1, max: 30 }).chain((n) => fc.tuple(
  fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
  fc.array(fc.integer({ min: 0, max: 5 }).map((v) => v / 5), { minLength: n, maxLength: n }),
));

describe('properties', () => {
  it('rocAuc equals the pairwise Mann–Whitney statistic, ties included', () => {
    fc.assert(fc.property(labelledScores, ([y, s]) => {
      const want = pairwiseAuc(y, s);
      const got = rocAuc(y, s);
      return Number.isNaN(want) ? Number.isNaN(got) : Math.abs(got - want) < 1e-12;
    }), runs);
  });

  const volume = fc.record({
    shape: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
    spacing: fc.tuple(fc.double({ min: 0.3, max: 3, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true })),
    seed: fc.integer(),
  });

  it('the separable distance transform equals brute force', () => {
    fc.assert(fc.property(volume, ({ shape, spacing, seed }) => {
      const [a, b, c] = shape;
      const n = a * b * c;
      const sites = Uint8Array.from({ length: n }, (_, i) => (((seed ^ (i * 2654435761)) >>> 0) % 5 === 0 ? 1 : 0));
      const fast = squaredDistanceTransform(sites, shape, spacing);
      const coord = (i: number): number[] => [Math.floor(i / (b * c)), Math.floor(i / c) % b, i % c];
      for (let i = 0; i < n; i++) {
        let best = Number.POSITIVE_INFINITY;
        for (let j = 0; j < n; j++) {
          if (!sites[j]) continue;
          const d = coord(i).reduce((acc, v, axis) => acc + ((v - coord(j)[axis]!) * spacing[axis]!) ** 2, 0);
          best = Math.min(best, d);
        }
        if (best === Number.POSITIVE_INFINITY ? fast[i] !== best : Math.abs(fast[i]! - best) > 1e-9 * Math.max(1, best)) return false;
      }
      return true;
    }), { ...runs, numRuns: 80 });
  });

  it('Dice is symmetric and 1 for identical non-empty masks; HD is symmetric and 0 for identical masks', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 12, maxLength: 12 }),
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 12, maxLength: 12 }), (p, t) => {
        const P = { labels: p, shape: [3, 4] }, T = { labels: t, shape: [3, 4] };
        const ab = diceScores(P, T, { numClasses: 3 }), ba = diceScores(T, P, { numClasses: 3, ignoreEmpty: false });
        const self = diceScores(P, P, { numClasses: 3 });
        const pm = p.map((v) => (v === 1 ? 1 : 0)), tm = t.map((v) => (v === 1 ? 1 : 0));
        const hd = hausdorffDistanceMask(pm, tm, [3, 4]);
        const hdBack = hausdorffDistanceMask(tm, pm, [3, 4]);
        return ab.every((v, c) => Number.isNaN(v) || v === ba[c])
          && self.every((v, c) => (p.includes(c) ? v === 1 : Number.isNaN(v)))
          && (Object.is(hd, hdBack))
          && (pm.includes(1) ? hausdorffDistanceMask(pm, pm, [3, 4]) === 0 : true);
      }), runs);
  });

  it('bootstrap bounds are ordered and lie within the resample statistics', () => {
    fc.assert(fc.property(labelledScores, fc.integer(), ([y, s], seed) => {
      const ci = bootstrapCI(rocAuc, y, s, { resamples: 30, seed });
      if (ci.valid === 0) return Number.isNaN(ci.lower) && Number.isNaN(ci.upper);
      return ci.lower <= ci.upper && ci.lower >= 0 && ci.upper <= 1;
    }), { ...runs, numRuns: 60 });
  });
});
