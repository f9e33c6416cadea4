import { describe, expect, it } from 'vitest';
import { bandFor } from '../../harness/reference/band.js';

const summary = { mean: 0.85, std: 0.02, min: 0.82, max: 0.88, seeds: 3, band: { low: 0.7, high: 0.99 } };

describe('bandFor', () => {
  it('combines seed variance with the binomial variance of the actual test size', () => {
    // sd = sqrt(0.02² + 0.85·0.15/100) = sqrt(0.001675) = 0.040927; 1.96·sd = 0.080217
    const b = bandFor('accuracy', summary, 100);
    expect(b.low).toBeCloseTo(0.85 - 0.080217, 4);
    expect(b.high).toBeCloseTo(0.85 + 0.080217, 4);
  });

  it('widens as the test set shrinks', () => {
    const wide = bandFor('accuracy', summary, 30);
    const narrow = bandFor('accuracy', summary, 3000);
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
  });

  it('uses the stored band for metrics that are not proportions', () => {
    expect(bandFor('roc_auc', summary, 100)).toEqual(summary.band);
  });
});
