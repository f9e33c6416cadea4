import { describe, expect, it } from 'vitest';
import { macroF1, multiclassAccuracy, multiclassBalancedAccuracy, perClassScores } from '../../harness/tasks/multiclass-metrics.js';

// yTrue 0 0 1 1 2 2, yPred 0 1 1 1 2 0: recalls 1/2, 2/2, 1/2; precisions 1/2, 2/3, 1/1.
const yTrue = [0, 0, 1, 1, 2, 2];
const yPred = [0, 1, 1, 1, 2, 0];

describe('multiclass metrics (hand-checked)', () => {
  it('accuracy is hits over n', () => expect(multiclassAccuracy(yTrue, yPred)).toBeCloseTo(4 / 6, 12));
  it('balanced accuracy is the mean recall', () => expect(multiclassBalancedAccuracy(yTrue, yPred, 3)).toBeCloseTo((0.5 + 1 + 0.5) / 3, 12));
  it('macro F1 averages per-class F1 (0.5, 0.8, 2/3)', () => {
    const s = perClassScores(yTrue, yPred, 3);
    expect(s.map((c) => c.f1)).toEqual([0.5, expect.closeTo(0.8, 12), expect.closeTo(2 / 3, 12)]);
    expect(s.map((c) => c.support)).toEqual([2, 2, 2]);
    expect(macroF1(yTrue, yPred, 3)).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 12);
  });
  it('a class absent from yTrue is left out of the macro means', () => {
    // class 2 never occurs: recalls 1 and 1/2 → 0.75, though one row was predicted as 2.
    expect(multiclassBalancedAccuracy([0, 1, 1], [0, 1, 2], 3)).toBeCloseTo(0.75, 12);
    expect(Number.isNaN(perClassScores([0, 1, 1], [0, 1, 2], 3)[2]!.recall)).toBe(true);
  });
  it('refuses mismatched lengths', () => expect(() => multiclassAccuracy([0, 1], [0])).toThrow(/2 entries/));
});
