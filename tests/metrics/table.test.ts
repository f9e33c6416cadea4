import { describe, expect, it } from 'vitest';
import {
  accuracy, averagePrecision, balancedAccuracy, bootstrapCI, bootstrapIndices, confusionMatrix, diceScores, diceScoresOneHot,
  expectedCalibrationError, f1, hausdorffDistance, hausdorffDistanceMask, hd95, iouScores, meanDice, MetricError, precision,
  quantile, rocAuc, rocAucOvrMacro, rocCurve, seededRandom, sensitivity, specificity, squaredDistanceTransform, surfaceVoxels,
} from '../../harness/metrics/index.js';

// Tiny cases whose expected values can be checked by hand (MONAI's test style).
const TOL = 12; // toBeCloseTo digits

describe('Dice / IoU on tiny masks', () => {
  // pred 1 1 / 0 0, truth 1 1 / 1 0: I = 2, |P| = 2, |G| = 3 → Dice 4/5, IoU 2/3.
  const pred = { labels: [1, 1, 0, 0], shape: [2, 2] };
  const truth = { labels: [1, 1, 1, 0], shape: [2, 2] };
  it.each([
    ['foreground Dice 0.8', () => diceScores(pred, truth, { numClasses: 2, includeBackground: false }), [0.8]],
    ['background Dice 2·1/(2+1)', () => diceScores(pred, truth, { numClasses: 2 }), [2 / 3, 0.8]],
    ['foreground IoU 2/3', () => iouScores(pred, truth, { numClasses: 2, includeBackground: false }), [2 / 3]],
  ])('%s', (_name, run, expected) => {
    run().forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, TOL));
  });

  it('3×3 with three classes, class 2 empty in truth: NaN, skipped by the mean', () => {
    const p = { labels: [0, 1, 1, 0, 1, 1, 2, 0, 0], shape: [3, 3] };
    const t = { labels: [0, 1, 1, 0, 1, 0, 0, 0, 0], shape: [3, 3] };
    const dice = diceScores(p, t, { numClasses: 3, includeBackground: false });
    expect(dice[0]).toBeCloseTo((2 * 3) / (4 + 3), TOL); // class 1: I 3, P 4, G 3
    expect(dice[1]).toBeNaN();
    expect(meanDice(p, t, { numClasses: 3, includeBackground: false })).toBeCloseTo(6 / 7, TOL);
    // Course convention: only the prediction has class 2 → 0.
    expect(diceScores(p, t, { numClasses: 3, includeBackground: false, emptyBoth: 'one' })[1]).toBe(0);
  });

  it('both empty: NaN by default, 1 with emptyBoth "one" or ignoreEmpty false', () => {
    const empty = { labels: [0, 0, 0, 0], shape: [2, 2] };
    expect(diceScores(empty, empty, { numClasses: 2, includeBackground: false })[0]).toBeNaN();
    expect(diceScores(empty, empty, { numClasses: 2, includeBackground: false, emptyBoth: 'one' })[0]).toBe(1);
    expect(iouScores(empty, empty, { numClasses: 2, includeBackground: false, ignoreEmpty: false })[0]).toBe(1);
    expect(meanDice(empty, empty, { numClasses: 2, includeBackground: false })).toBeNaN();
  });

  it('truth present, prediction empty: 0 under every rule', () => {
    const empty = { labels: [0, 0, 0, 0], shape: [2, 2] };
    expect(diceScores(empty, truth, { numClasses: 2, includeBackground: false })).toEqual([0]);
  });

  it('one-hot input [C, H, W]', () => {
    const p = { data: [0, 0, 1, 1, 1, 1, 0, 0], shape: [2, 2, 2] };
    const t = { data: [0, 0, 0, 1, 1, 1, 1, 0], shape: [2, 2, 2] };
    expect(diceScoresOneHot(p, t)[1]).toBeCloseTo(0.8, TOL);
  });

  it('errors state the expected and the actual shape', () => {
    expect(() => diceScores(pred, { labels: [1, 1, 1, 0, 0, 0], shape: [2, 3] }, { numClasses: 2 }))
      .toThrow(/same shape, got \[2, 2\] and \[2, 3\]/);
    expect(() => diceScores({ labels: [0, 1, 2], shape: [3] }, { labels: [0, 1, 1], shape: [3] }, { numClasses: 2 }))
      .toThrow(/labels in 0\.\.1 .* got 2 at voxel 2/);
    expect(() => diceScores({ labels: [0, 1], shape: [3] }, { labels: [0, 1, 1], shape: [3] }, { numClasses: 2 }))
      .toThrow(/expected pred of 3 values for shape \[3\], got 2/);
  });
});

describe('Hausdorff distance on tiny masks', () => {
  it('single voxels 3 apart: HD 3, and 6 with spacing 2 along that axis', () => {
    const p = [1, 0, 0, 0, 0], t = [0, 0, 0, 1, 0];
    expect(hausdorffDistanceMask(p, t, [1, 5])).toBe(3);
    expect(hausdorffDistanceMask(p, t, [1, 5], { spacing: [7, 2] })).toBe(6);
  });

  it('diagonal distance uses both spacings: sqrt(1² + 2²)', () => {
    const p = [1, 0, 0, 0], t = [0, 0, 0, 1]; // (0,0) vs (1,1)
    expect(hausdorffDistanceMask(p, t, [2, 2], { spacing: [1, 2] })).toBeCloseTo(Math.sqrt(5), TOL);
  });

  it('HD95 interpolates: distances 0,0,0,3 → 95th percentile 0 + 0.85·3', () => {
    // 1×6 line: truth {0,1}, pred {0,1,4}; on a 1-voxel-thick line every foreground voxel is an edge.
    const t = [1, 1, 0, 0, 0, 0], p = [1, 1, 0, 0, 1, 0];
    // pred→truth: 0, 0, 3 → q95 at h = 1.9 → 0 + 0.9·3 = 2.7; truth→pred: 0, 0 → 0.
    expect(hausdorffDistanceMask(p, t, [1, 6], { percentile: 95 })).toBeCloseTo(2.7, TOL);
    expect(hausdorffDistanceMask(p, t, [1, 6], { percentile: 95, directed: true })).toBeCloseTo(2.7, TOL);
    expect(hausdorffDistanceMask(t, p, [1, 6], { percentile: 95, directed: true })).toBe(0);
  });

  it('MONAI empty rules: both empty NaN; one empty → inf for HD, NaN for HD95', () => {
    const z = [0, 0, 0, 0], a = [1, 0, 0, 0];
    expect(hausdorffDistanceMask(z, z, [2, 2])).toBeNaN();
    expect(hausdorffDistanceMask(z, a, [2, 2])).toBe(Number.POSITIVE_INFINITY);
    expect(hausdorffDistanceMask(a, z, [2, 2])).toBe(Number.POSITIVE_INFINITY);
    expect(hausdorffDistanceMask(z, a, [2, 2], { percentile: 95 })).toBeNaN();
  });

  it('label volumes: background skipped by default, one value per class', () => {
    const p = { labels: [1, 0, 0, 2], shape: [2, 2] }, t = { labels: [1, 0, 2, 0], shape: [2, 2] };
    expect(hd95(p, t, { numClasses: 3 })).toEqual([0, 1]); // class 1 identical; class 2: (1,1) vs (1,0) → 1
    expect(hausdorffDistance(p, t, { numClasses: 3, includeBackground: true })).toHaveLength(3);
  });

  it('surface voxels: a 3×3×3 cube in 5×5×5 has 26 (its centre is interior)', () => {
    const mask = new Uint8Array(125);
    for (let z = 1; z < 4; z++) for (let y = 1; y < 4; y++) for (let x = 1; x < 4; x++) mask[z * 25 + y * 5 + x] = 1;
    const edges = surfaceVoxels(mask, [5, 5, 5]);
    expect(edges.reduce((a, b) => a + b, 0)).toBe(26);
    expect(edges[2 * 25 + 2 * 5 + 2]).toBe(0);
  });

  it('distance transform: squared physical distances along a line with spacing 0.5', () => {
    expect(Array.from(squaredDistanceTransform(Uint8Array.from([0, 0, 1, 0, 0]), [5], [0.5]))).toEqual([1, 0.25, 0, 0.25, 1]);
    expect(Array.from(squaredDistanceTransform(new Uint8Array(3), [3], [1]))).toEqual([Infinity, Infinity, Infinity]);
  });
});

describe('ROC / PR on 4 samples', () => {
  it('sklearn doc example: AUC 0.75, AP 0.8333', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, TOL);
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, TOL);
  });

  it('a tie between a positive and a negative counts 1/2: AUC 2.5/4', () => {
    const roc = rocCurve([0, 1, 0, 1], [0.2, 0.2, 0.7, 0.9]);
    expect(roc.fpr).toEqual([0, 0, 0.5, 1]);
    expect(roc.tpr).toEqual([0, 0.5, 0.5, 1]);
    expect(roc.thresholds).toEqual([Infinity, 0.9, 0.7, 0.2]);
    expect(rocAuc([0, 1, 0, 1], [0.2, 0.2, 0.7, 0.9])).toBeCloseTo(0.625, TOL);
  });

  it('constant scores give 0.5; one class gives NaN; NaN scores are a MetricError', () => {
    expect(rocAuc([0, 1, 1, 0], [3, 3, 3, 3])).toBe(0.5);
    expect(rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).toBeNaN();
    expect(() => rocAuc([0, 1], [Number.NaN, 0.3])).toThrow(MetricError);
    expect(() => rocAuc([0, 1], [Number.NaN, 0.3])).toThrow(/expected finite yScore, got NaN at index 0/);
    expect(() => rocAuc([0, 1, 1], [0.3, 0.4])).toThrow(/equal length, got length 3 and length 2/);
    expect(() => rocAuc([0, 2], [0.3, 0.4])).toThrow(/values in \{0, 1\}, got 2 at index 1/);
  });

  it('one-vs-rest macro AUC: a perfect ranker scores 1', () => {
    expect(rocAucOvrMacro([0, 1, 2], [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]])).toBe(1);
  });
});

describe('threshold metrics on 5 samples', () => {
  // tp 2, fn 1, tn 1, fp 1
  const t = [1, 1, 0, 0, 1], p = [1, 0, 0, 1, 1];
  it.each([
    ['accuracy', accuracy(t, p), 3 / 5], ['sensitivity', sensitivity(t, p), 2 / 3], ['specificity', specificity(t, p), 1 / 2],
    ['precision', precision(t, p), 2 / 3], ['f1', f1(t, p), 2 / 3], ['balancedAccuracy', balancedAccuracy(t, p), 7 / 12],
  ])('%s', (_name, got, want) => expect(got).toBeCloseTo(want, TOL));

  it('zero division: 0 by default, or 1, or NaN', () => {
    expect(precision([0, 0], [0, 0])).toBe(0);
    expect(precision([0, 0], [0, 0], { zeroDivision: 1 })).toBe(1);
    expect(precision([0, 0], [0, 0], { zeroDivision: 'nan' })).toBeNaN();
  });

  it('multiclass confusion: rows true, columns predicted, sorted labels', () => {
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])).toEqual({ labels: [0, 1, 2], matrix: [[2, 0, 0], [0, 0, 1], [1, 0, 2]] });
  });
});

describe('calibration and bootstrap', () => {
  it('ECE: p 0.9 (right) and 0.6 (wrong) → ½·0.1 + ½·0.6', () => {
    expect(expectedCalibrationError([1, 0], [0.9, 0.6])).toBeCloseTo(0.35, TOL);
    expect(expectedCalibrationError([1, 0, 1, 0], [1, 0, 1, 0])).toBe(0);
    expect(() => expectedCalibrationError([1], [1.5])).toThrow(/yProb in \[0, 1\], got 1.5/);
  });

  it('percentile interval over stored resamples: stats 1, 0, ½ → [0.25, 0.75] at alpha 0.5', () => {
    const ci = bootstrapCI(accuracy, [1, 0], [1, 1], { indices: [[0, 0], [1, 1], [0, 1]], alpha: 0.5 });
    expect(ci).toEqual({ estimate: 0.5, lower: 0.25, upper: 0.75, alpha: 0.5, resamples: 3, valid: 3 });
  });

  it('single-class resamples of an AUC are dropped, not fatal', () => {
    const ci = bootstrapCI(rocAuc, [0, 1], [0.2, 0.8], { indices: [[0, 0], [0, 1], [1, 1]] });
    expect(ci.valid).toBe(1);
    expect(ci.lower).toBe(1);
  });

  it('seeded resamples are reproducible and uniform enough', () => {
    expect(bootstrapIndices(7, 5, 42)).toEqual(bootstrapIndices(7, 5, 42));
    expect(bootstrapIndices(7, 5, 42)).not.toEqual(bootstrapIndices(7, 5, 43));
    const random = seededRandom(1);
    const draws = Array.from({ length: 20000 }, random);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(0.5, 1);
    const a = bootstrapCI(rocAuc, [0, 1, 0, 1, 1, 0], [0.1, 0.9, 0.4, 0.6, 0.3, 0.2], { resamples: 200, seed: 7 });
    const b = bootstrapCI(rocAuc, [0, 1, 0, 1, 1, 0], [0.1, 0.9, 0.4, 0.6, 0.3, 0.2], { resamples: 200, seed: 7 });
    expect(a).toEqual(b);
    expect(a.lower).toBeLessThanOrEqual(a.estimate);
    expect(a.upper).toBeGreaterThanOrEqual(a.estimate);
  });

  it('quantile: linear interpolation as numpy ([1,2,3,4] at 0.95 → 3.85)', () => {
    expect(quantile([4, 1, 3, 2], 0.95)).toBeCloseTo(3.85, TOL);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
