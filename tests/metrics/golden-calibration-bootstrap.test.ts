import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { accuracy, averagePrecision, bootstrapCI, expectedCalibrationError, rocAuc } from '../../harness/metrics/index.js';
import { close, loadGolden, mismatches, num, nums } from './golden.js';

// No library defines these two the same way: the fixtures pin the definitions
// written in scripts/golden/reference.py (bootstrap statistics from sklearn).
describe('golden: ECE (15 equal-width bins, top-label) vs the Python reference', () => {
  const cases = loadGolden('calibration.json', z.object({
    id: z.string(), yTrue: z.array(z.number()), yProb: nums, bins: z.number(), ece: num,
  }));

  it('agrees to 1e-9, including probabilities on bin edges and at 0.5', () => {
    const m = mismatches();
    for (const c of cases) {
      const got = expectedCalibrationError(c.yTrue, c.yProb, { bins: c.bins });
      m.check(c.id, close(got, c.ece), () => [got, c.ece]);
    }
    expect(cases.length).toBe(100);
    expect(m.list).toEqual([]);
  });
});

const metrics = { rocAuc, averagePrecision, accuracy } as const;

describe('golden: bootstrap percentile intervals over stored resamples', () => {
  const cases = loadGolden('bootstrap.json', z.object({
    id: z.string(), metric: z.enum(['rocAuc', 'averagePrecision', 'accuracy']), yTrue: z.array(z.number()), yScore: nums,
    indices: z.array(z.array(z.number())), alpha: z.number(), estimate: num, lower: num, upper: num, valid: z.number(),
  }));

  it('reproduces estimate, bounds and the count of valid resamples', () => {
    const m = mismatches();
    for (const c of cases) {
      const got = bootstrapCI(metrics[c.metric], c.yTrue, c.yScore, { indices: c.indices, alpha: c.alpha });
      m.check(c.id, close(got.estimate, c.estimate) && close(got.lower, c.lower) && close(got.upper, c.upper)
        && got.valid === c.valid && got.resamples === c.indices.length, () => [got, c]);
    }
    expect(cases.length).toBe(24);
    expect(m.list).toEqual([]);
  });
});
