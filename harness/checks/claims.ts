import { finding, type Finding } from '../schema/finding.js';
import type { Rubric } from '../rubric/schema.js';
import type { Collected } from '../pipeline/types.js';

/**
 * How far a claimed test metric may sit from the measured one before it is
 * flagged: the notebook trains its own model on the same split, so allow the
 * binomial spread of two estimates on n test images (z = 2.5) plus 5 points
 * for run-to-run training variance (shared/FACTS.md: several points between
 * identical runs).
 */
export function claimTolerance(measured: number, n: number): number {
  const p = Math.min(Math.max(measured, 0.05), 0.95);
  return 2.5 * Math.sqrt((2 * p * (1 - p)) / Math.max(n, 1)) + 0.05;
}

export function claimFindings(claims: Collected['claims'], measured: Record<string, number | null>, n: number): Finding[] {
  const out: Finding[] = [];
  for (const c of claims) {
    const m = measured[c.metric];
    if (m === null || m === undefined) continue;
    const tol = claimTolerance(m, n);
    if (c.value - m > tol) {
      out.push(finding({
        check: 'claims/test-metrics', kind: 'claim-mismatch', severity: 'warning', file: c.where.split(' cell ')[0]!,
        ...(c.where.includes(' cell ') ? { cell: Number(c.where.split(' cell ')[1]) - 1 } : {}),
        message: `The notebook reports a test ${c.metric} of ${c.value.toFixed(3)}, but the submitted model reaches ${m.toFixed(3)} on the hidden test set (more than ${tol.toFixed(3)} apart).`,
        fix: 'Report the numbers your code actually produces; if they differ from the validation results, look for a bug (project text, section 3).',
      }));
    }
  }
  return out;
}

/**
 * A test metric far above the student's own validation metric and above the
 * reference band points at leakage, but proves nothing alone: a warning only.
 */
export function metricAnomaly(metric: string, test: number | null, validation: number | null, bandHigh: number | null): Finding[] {
  if (test === null || validation === null || bandHigh === null) return [];
  if (test - validation < 0.15 || test <= bandHigh) return [];
  return [finding({
    check: 'claims/metric-anomaly', kind: 'metric-anomaly', severity: 'warning', file: 'predict', audience: 'instructor',
    message: `Test ${metric} ${test.toFixed(3)} is far above the final validation ${metric} ${validation.toFixed(3)} and above the reference band (${bandHigh.toFixed(3)}). Look at the leakage findings, if any.`,
    fix: 'Check how the test set could have influenced training.',
  })];
}

/** The metric the rubric awards performance points on; else its first metric (null when it measures nothing). */
export function performanceMetric(rubric: Rubric): string | null {
  return rubric.criteria.find((c) => c.performance)?.performance?.metric ?? rubric.metrics[0] ?? null;
}

/** Keras history names for a rubric metric: val_accuracy, val_auc for roc_auc, and so on. */
const HISTORY_NAMES: Record<string, string[]> = {
  accuracy: ['val_accuracy', 'val_acc', 'val_binary_accuracy', 'val_categorical_accuracy', 'val_sparse_categorical_accuracy'],
  roc_auc: ['val_roc_auc', 'val_auc'],
  sensitivity: ['val_sensitivity', 'val_recall'],
};

/** The final validation value of a metric in a training history, or null when the history does not log it. */
export function finalValidation(history: Record<string, number[]> | null, metric: string): number | null {
  if (!history) return null;
  for (const name of HISTORY_NAMES[metric] ?? [`val_${metric}`]) {
    const v = history[name]?.at(-1);
    if (v !== undefined && Number.isFinite(v)) return v;
  }
  return null;
}
