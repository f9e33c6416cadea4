import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { finalValidation, metricAnomaly, performanceMetric } from '../../harness/checks/claims.js';
import { loadRubric } from '../../harness/rubric/load.js';

const ROOT = join(import.meta.dirname, '../..');

describe('metric anomaly on the rubric performance metric', () => {
  it('takes the performance criterion metric: accuracy for covid, roc_auc for lab 6', () => {
    expect(performanceMetric(loadRubric(join(ROOT, 'rubrics/covid.yaml')).rubric)).toBe('accuracy');
    expect(performanceMetric(loadRubric(join(ROOT, 'rubrics/lab6.yaml')).rubric)).toBe('roc_auc');
  });

  it('finds the final validation value under Keras names', () => {
    expect(finalValidation({ epoch: [0, 1], val_auc: [0.6, 0.7] }, 'roc_auc')).toBe(0.7);
    expect(finalValidation({ epoch: [0], val_acc: [0.8] }, 'accuracy')).toBe(0.8);
    expect(finalValidation({ epoch: [0], val_balanced_accuracy: [0.55] }, 'balanced_accuracy')).toBe(0.55);
    expect(finalValidation({ epoch: [0], val_loss: [0.3] }, 'roc_auc')).toBeNull();
    expect(finalValidation(null, 'accuracy')).toBeNull();
  });

  it('warns on roc_auc far above validation and above the band, not otherwise', () => {
    expect(metricAnomaly('roc_auc', 0.95, 0.7, 0.8)[0]!.message).toMatch(/Test roc_auc 0.950 .* validation roc_auc 0.700/);
    expect(metricAnomaly('roc_auc', 0.95, 0.85, 0.8)).toEqual([]);
    expect(metricAnomaly('roc_auc', 0.95, 0.7, 0.97)).toEqual([]);
  });
});
