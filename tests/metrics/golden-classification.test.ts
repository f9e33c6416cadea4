import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  accuracy, averagePrecision, balancedAccuracy, binaryConfusion, confusionMatrix, f1, MetricError,
  precision, precisionRecallCurve, rocAuc, rocAucOvrMacro, rocCurve, sensitivity, specificity,
} from '../../harness/metrics/index.js';
import { close, closeArrays, loadGolden, mismatches, num, nums, raised } from './golden.js';

// Expected values: scikit-learn (see the fixture's "versions"), via scripts/golden/make_golden.py.
const zd = z.object({ '0': num, '1': num, nan: num });
const clsCase = z.object({
  id: z.string(), yTrue: z.array(z.number()), yPred: z.array(z.number()),
  accuracy: num, balancedAccuracy: num, sensitivity: zd, specificity: zd, precision: zd, f1: zd,
  confusion: z.array(z.number()).length(4),
});

describe('golden: threshold metrics vs sklearn', () => {
  const cases = loadGolden('classification.json', clsCase);

  it('has the planned number of cases', () => expect(cases.length).toBe(200));

  it('accuracy, balanced accuracy, confusion counts', () => {
    const m = mismatches();
    for (const c of cases) {
      m.check(c.id, close(accuracy(c.yTrue, c.yPred), c.accuracy), () => [accuracy(c.yTrue, c.yPred), c.accuracy]);
      m.check(c.id, close(balancedAccuracy(c.yTrue, c.yPred), c.balancedAccuracy), () => [balancedAccuracy(c.yTrue, c.yPred), c.balancedAccuracy]);
      const k = binaryConfusion(c.yTrue, c.yPred);
      m.check(c.id, [k.tn, k.fp, k.fn, k.tp].join() === c.confusion.join(), () => [k, c.confusion]);
    }
    expect(m.list).toEqual([]);
  });

  it('sensitivity, specificity, precision, F1 for each zero_division', () => {
    const m = mismatches();
    const fns = { sensitivity, specificity, precision, f1 } as const;
    for (const c of cases) {
      for (const [name, fn] of Object.entries(fns)) {
        for (const zdv of [0, 1, 'nan'] as const) {
          const want = c[name as keyof typeof fns][zdv];
          const got = fn(c.yTrue, c.yPred, { zeroDivision: zdv });
          m.check(`${c.id} ${name} zd=${zdv}`, close(got, want), () => [got, want]);
        }
      }
    }
    expect(m.list).toEqual([]);
  });
});

describe('golden: multiclass confusion matrix vs sklearn', () => {
  const cases = loadGolden('multiclass.json', z.object({
    id: z.string(), yTrue: z.array(z.number()), yPred: z.array(z.number()), labels: z.array(z.number()),
    matrix: z.array(z.array(z.number())), balancedAccuracy: num,
  }));

  it('matrix, label order and balanced accuracy', () => {
    const m = mismatches();
    for (const c of cases) {
      const got = confusionMatrix(c.yTrue, c.yPred);
      m.check(c.id, JSON.stringify(got) === JSON.stringify({ labels: c.labels, matrix: c.matrix }), () => [got, c.matrix]);
      m.check(c.id, close(balancedAccuracy(c.yTrue, c.yPred), c.balancedAccuracy), () => balancedAccuracy(c.yTrue, c.yPred));
    }
    expect(cases.length).toBe(60);
    expect(m.list).toEqual([]);
  });
});

const curve = z.object({ fpr: nums, tpr: nums, thresholds: nums });
const rocCase = z.object({
  id: z.string(), kind: z.string(), yTrue: z.array(z.number()), yScore: nums,
  auc: z.union([num, raised]), aucSklearn: z.string().optional(),
  roc: z.union([curve, raised]), rocAll: z.union([curve, raised]), ap: z.union([num, raised]),
  pr: z.union([z.object({ precision: nums, recall: nums, thresholds: nums }), raised]),
});

/** The value, or the MetricError it threw (anything else is a real failure). */
function outcome<T>(fn: () => T): T | { error: string } {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MetricError && e.code === 'E_USAGE') return { error: e.message };
    throw e;
  }
}
const isError = (v: unknown): v is { error: string } => typeof v === 'object' && v !== null && 'error' in v;

describe('golden: ROC, AUC, PR and AP vs sklearn', () => {
  const cases = loadGolden('roc.json', rocCase);

  it('covers ties, constant scores, single class and NaN/inf scores', () => {
    const kinds = new Set(cases.map((c) => c.kind));
    for (const k of ['ties', 'constant', 'single0', 'single1', 'nan', 'inf', 'n1', 'n2tie']) expect(kinds).toContain(k);
    expect(cases.length).toBe(300);
  });

  it('rocAuc agrees (NaN for one class, MetricError where sklearn rejects the scores)', () => {
    const m = mismatches();
    for (const c of cases) {
      const got = outcome(() => rocAuc(c.yTrue, c.yScore));
      if (isError(c.auc)) m.check(c.id, isError(got), () => [got, c.auc]);
      else m.check(c.id, !isError(got) && close(got, c.auc), () => [got, c.auc]);
    }
    expect(m.list).toEqual([]);
  });

  it('rocCurve agrees point by point, with and without drop_intermediate', () => {
    const m = mismatches();
    for (const c of cases) {
      for (const [want, drop] of [[c.roc, true], [c.rocAll, false]] as const) {
        const got = outcome(() => rocCurve(c.yTrue, c.yScore, { dropIntermediate: drop }));
        if (isError(want)) { m.check(c.id, isError(got), () => got); continue; }
        m.check(`${c.id} drop=${drop}`, !isError(got) && closeArrays(got.fpr, want.fpr) && closeArrays(got.tpr, want.tpr)
          && closeArrays(got.thresholds, want.thresholds), () => [got, want]);
      }
    }
    expect(m.list).toEqual([]);
  });

  it('averagePrecision and precisionRecallCurve agree', () => {
    const m = mismatches();
    for (const c of cases) {
      const ap = outcome(() => averagePrecision(c.yTrue, c.yScore));
      if (isError(c.ap)) m.check(c.id, isError(ap), () => ap);
      else m.check(c.id, !isError(ap) && close(ap, c.ap), () => [ap, c.ap]);
      const pr = outcome(() => precisionRecallCurve(c.yTrue, c.yScore));
      if (isError(c.pr)) { m.check(c.id, isError(pr), () => pr); continue; }
      const want = c.pr;
      m.check(`${c.id} pr`, !isError(pr) && closeArrays(pr.precision, want.precision) && closeArrays(pr.recall, want.recall)
        && closeArrays(pr.thresholds, want.thresholds), () => [pr, want]);
    }
    expect(m.list).toEqual([]);
  });
});

describe('golden: one-vs-rest macro AUC vs sklearn', () => {
  const cases = loadGolden('ovr.json', z.object({
    id: z.string(), yTrue: z.array(z.number()), yScore: z.array(nums), k: z.number(), auc: num,
  }));

  it('agrees on softmax probabilities with every class present', () => {
    const m = mismatches();
    for (const c of cases) {
      const got = rocAucOvrMacro(c.yTrue, c.yScore);
      m.check(c.id, close(got, c.auc), () => [got, c.auc]);
    }
    expect(cases.length).toBe(50);
    expect(m.list).toEqual([]);
  });
});
