import { describe, expect, it } from 'vitest';
import { bandFor } from '../../../harness/reference/band.js';
import { binomialVariance, hanleyMcNeilVariance, summariseMetric } from '../../../reference/registry/band.js';

describe('summariseMetric', () => {
  it('gives mean, sample std, min, max and a band from seed plus binomial variance', () => {
    const s = summariseMetric('accuracy', [0.8, 0.9, 0.85], 30, [undefined, undefined, undefined]);
    expect(s.mean).toBeCloseTo(0.85, 12);
    expect(s.std).toBeCloseTo(0.05, 12); // sample std of 0.8, 0.85, 0.9
    expect([s.min, s.max, s.seeds, s.n]).toEqual([0.8, 0.9, 3, 30]);
    // mean of per-seed p(1-p)/30: (0.16 + 0.09 + 0.1275) / 3 / 30
    const half = 1.96 * Math.sqrt(0.05 ** 2 + (0.16 + 0.09 + 0.1275) / 90);
    expect(s.band.low).toBeCloseTo(0.85 - half, 12);
    expect(s.band.high).toBeCloseTo(Math.min(1, 0.85 + half), 12);
  });

  it('agrees with the harness when n is the same (bandFor uses the mean, we the per-seed average: close, not equal)', () => {
    const s = summariseMetric('accuracy', [0.86, 0.87, 0.88], 30, []);
    const h = bandFor('accuracy', s, 30);
    expect(Math.abs(h.low - s.band.low)).toBeLessThan(0.005);
  });

  it('clips to [0, 1] and uses the given sampling variance for non-proportions', () => {
    const s = summariseMetric('roc_auc', [0.99, 1, 1], 30, [0.001, 0, 0]);
    expect(s.band.high).toBe(1);
    expect(s.band.low).toBeCloseTo(s.mean - 1.96 * Math.sqrt(s.std ** 2 + 0.001 / 3), 12);
    const wide = summariseMetric('accuracy', [0.9], 10, []);
    const narrow = summariseMetric('accuracy', [0.9], 1000, []);
    expect(wide.band.high - wide.band.low).toBeGreaterThan(narrow.band.high - narrow.band.low);
  });

  it('Hanley–McNeil at AUC 0.5 and 15+15 examples matches the hand value', () => {
    // (0.25 + 14·(1/3 − 1/4) + 14·(1/3 − 1/4)) / 225
    expect(hanleyMcNeilVariance(0.5, 15, 15)).toBeCloseTo((0.25 + 28 / 12) / 225, 12);
    expect(hanleyMcNeilVariance(1, 15, 15)).toBe(0);
    expect(binomialVariance(0.5, 25)).toBe(0.01);
  });
});
