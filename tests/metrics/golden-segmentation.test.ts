import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  diceScores, diceScoresOneHot, hausdorffDistanceMask, hd95, iouScores, iouScoresOneHot, meanDice, nanMean,
} from '../../harness/metrics/index.js';
import { close, closeArrays, digitVolume, loadGolden, mismatches, num, nums } from './golden.js';

// Expected values: MONAI 1.3.2 compute_dice / compute_iou (float64 one-hot) and
// compute_hausdorff_distance, via scripts/golden/make_golden.py.
const combos = [[true, true], [true, false], [false, true], [false, false]] as const;
const overlapCase = z.object({
  id: z.string(), shape: z.array(z.number()), numClasses: z.number(), pred: digitVolume, truth: digitVolume,
}).catchall(nums);

function oneHot(labels: Uint8Array, shape: number[], k: number): { data: Uint8Array; shape: number[] } {
  const data = new Uint8Array(k * labels.length);
  labels.forEach((c, v) => { data[c * labels.length + v] = 1; });
  return { data, shape: [k, ...shape] };
}

describe('golden: Dice, IoU and per-class HD95 from label volumes vs MONAI', () => {
  const cases = loadGolden('overlap.json', overlapCase);

  it('covers classes empty in the truth, the prediction and both', () => {
    expect(cases.length).toBe(200);
    const withNaN = cases.filter((c) => (c['dice_bg1_ie1'] as number[]).some(Number.isNaN));
    expect(withNaN.length).toBeGreaterThan(20);
  });

  it('per-class Dice and IoU from label volumes, for includeBackground × ignoreEmpty', () => {
    const m = mismatches();
    for (const c of cases) {
      const pred = { labels: c.pred, shape: c.shape };
      const truth = { labels: c.truth, shape: c.shape };
      for (const [includeBackground, ignoreEmpty] of combos) {
        const key = `bg${Number(includeBackground)}_ie${Number(ignoreEmpty)}`;
        const opts = { numClasses: c.numClasses, includeBackground, ignoreEmpty };
        const dice = diceScores(pred, truth, opts);
        const iou = iouScores(pred, truth, opts);
        m.check(`${c.id} dice ${key}`, closeArrays(dice, c[`dice_${key}`] as number[]), () => [dice, c[`dice_${key}`]]);
        m.check(`${c.id} iou ${key}`, closeArrays(iou, c[`iou_${key}`] as number[]), () => [iou, c[`iou_${key}`]]);
      }
    }
    expect(m.list).toEqual([]);
  });

  it('one-hot inputs give the same scores, and emptyBoth "one" equals MONAI ignore_empty=False', () => {
    const m = mismatches();
    for (const c of cases) {
      const p = oneHot(c.pred, c.shape, c.numClasses);
      const t = oneHot(c.truth, c.shape, c.numClasses);
      m.check(`${c.id} onehot dice`, closeArrays(diceScoresOneHot(p, t), c['dice_bg1_ie1'] as number[]), () => diceScoresOneHot(p, t));
      m.check(`${c.id} onehot iou`, closeArrays(iouScoresOneHot(p, t, { includeBackground: false, emptyBoth: 'one' }),
        c['iou_bg0_ie0'] as number[]), () => iouScoresOneHot(p, t, { emptyBoth: 'one' }));
      const mean = meanDice({ labels: c.pred, shape: c.shape }, { labels: c.truth, shape: c.shape }, { numClasses: c.numClasses });
      m.check(`${c.id} mean`, close(mean, nanMean(c['dice_bg1_ie1'] as number[])), () => mean);
    }
    expect(m.list).toEqual([]);
  });

  it('per-class HD95 (background excluded by default) agrees with MONAI float32 to 1e-5', () => {
    const m = mismatches();
    for (const c of cases) {
      const got = hd95({ labels: c.pred, shape: c.shape }, { labels: c.truth, shape: c.shape }, { numClasses: c.numClasses });
      m.check(c.id, closeArrays(got, c['hd95_monai'] as number[], 1e-5), () => [got, c['hd95_monai']]);
    }
    expect(m.list).toEqual([]);
  });
});

const hdCase = z.object({
  id: z.string(), shape: z.array(z.number()), pred: digitVolume, truth: digitVolume,
  spacing: z.array(z.number()).nullable(), percentile: z.number().nullable(), directed: z.boolean(),
  expected: num, monai: num,
});

describe('golden: Hausdorff distance vs MONAI', () => {
  const cases = loadGolden('hausdorff.json', hdCase);

  it('covers empty masks, percentiles, spacing and 48×48×24 volumes', () => {
    expect(cases.length).toBe(137);
    expect(cases.filter((c) => c.id.includes('empty')).length).toBe(20);
    expect(cases.filter((c) => c.shape.join('x') === '48x48x24').length).toBe(3);
  });

  it('agrees with the float64 reference to 1e-9 and with MONAI (float32) to 1e-5', () => {
    const m = mismatches();
    for (const c of cases) {
      const got = hausdorffDistanceMask(c.pred, c.truth, c.shape, {
        percentile: c.percentile ?? undefined, spacing: c.spacing ?? undefined, directed: c.directed,
      });
      m.check(`${c.id} f64`, close(got, c.expected), () => [got, c.expected]);
      m.check(`${c.id} monai`, close(got, c.monai, 1e-5), () => [got, c.monai]);
    }
    expect(m.list).toEqual([]);
  });

  it('HD95 of a 48×48×24 pair takes well under a second', () => {
    const big = cases.find((c) => c.shape.join('x') === '48x48x24')!;
    const start = performance.now();
    hausdorffDistanceMask(big.pred, big.truth, big.shape, { percentile: 95, spacing: big.spacing ?? undefined });
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
