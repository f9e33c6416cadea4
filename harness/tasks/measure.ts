import type { Rubric } from '../rubric/schema.js';
import { binaryConfusion } from '../metrics/confusion.js';
import { accuracy, balancedAccuracy, f1, sensitivity, specificity } from '../metrics/classification.js';
import { rocAuc, rocAucOvrMacro, rocCurve } from '../metrics/roc.js';
import { MedgradeError } from '../errors.js';
import type { Measured } from './types.js';
import type { ClassPredictions } from './class-predictions.js';
import { macroF1, multiclassAccuracy, multiclassBalancedAccuracy, perClassScores } from './multiclass-metrics.js';

const nullMetrics = (rubric: Rubric): Record<string, null> => Object.fromEntries(rubric.metrics.map((m) => [m, null]));
const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Truth class name → its index in rubric.task.classes, matched case-insensitively. */
function classIndexOf(rubric: Rubric, name: string): number {
  const i = rubric.task.classes.findIndex((c) => c.toLowerCase() === name.toLowerCase());
  if (i < 0) throw new MedgradeError('E_INPUT_FORMAT', `the hidden test set has class "${name}", which the rubric does not list (${rubric.task.classes.join(', ')})`);
  return i;
}

/**
 * Scores binary predictions against the hidden labels. Examples without a usable
 * prediction count as wrong (probability 1 - label), so a partial file can never
 * score better than a complete one.
 */
export function measureBinary(rubric: Rubric, labels: Map<string, string>, predictions: Map<string, number> | null): Measured {
  const positive = (rubric.task.positiveClass ?? rubric.task.classes.at(-1)!).toLowerCase();
  const names = [...labels.keys()].sort();
  if (!predictions) return { metrics: nullMetrics(rubric), confusion: null, roc: null, n: names.length };
  const yTrue = names.map((n) => (labels.get(n)!.toLowerCase() === positive ? 1 : 0));
  const yScore = names.map((n, i) => predictions.get(n) ?? 1 - yTrue[i]!);
  const yPred = yScore.map((p) => (p >= rubric.task.threshold ? 1 : 0));
  const cm = binaryConfusion(yTrue, yScore, rubric.task.threshold);
  const both = yTrue.includes(0) && yTrue.includes(1);
  const all: Record<string, number | null> = {
    accuracy: accuracy(yTrue, yPred),
    balanced_accuracy: names.length ? balancedAccuracy(yTrue, yPred) : null,
    sensitivity: sensitivity(yTrue, yPred),
    specificity: specificity(yTrue, yPred),
    f1: f1(yTrue, yPred),
    roc_auc: both ? rocAuc(yTrue, yScore) : null,
  };
  const roc = both ? rocCurve(yTrue, yScore) : null;
  const metrics = Object.fromEntries(rubric.metrics.map((m) => [m, all[m] ?? null]));
  return { metrics, confusion: cm, roc: roc ? { fpr: [...roc.fpr], tpr: [...roc.tpr] } : null, n: names.length };
}

/**
 * Scores multiclass labels: accuracy, balanced_accuracy, macro_f1, and roc_auc (one-vs-rest
 * macro) when every row came with class probabilities. A missing row is scored as a wrong
 * class, and for roc_auc as probability 0 on its true class, so leaving rows out never helps.
 */
export function measureMulticlass(rubric: Rubric, truth: Map<string, string>, labels: Map<string, number> | null, probabilities: Map<string, number[]> | null): Measured {
  const names = [...truth.keys()].sort();
  const k = rubric.task.classes.length;
  if (!labels || names.length === 0) return { metrics: nullMetrics(rubric), confusion: null, roc: null, n: names.length };
  const yTrue = names.map((n) => classIndexOf(rubric, truth.get(n)!));
  const yPred = names.map((n, i) => labels.get(n) ?? (yTrue[i]! + 1) % k);
  const wrongRow = (c: number): number[] => Array.from({ length: k }, (_, j) => (j === c ? 0 : 1 / (k - 1)));
  const all: Record<string, number | null> = {
    accuracy: multiclassAccuracy(yTrue, yPred),
    balanced_accuracy: multiclassBalancedAccuracy(yTrue, yPred, k),
    macro_f1: macroF1(yTrue, yPred, k),
    roc_auc: probabilities ? finite(rocAucOvrMacro(yTrue, names.map((n, i) => probabilities.get(n) ?? wrongRow(yTrue[i]!)))) : null,
  };
  const perClass = Object.fromEntries(perClassScores(yTrue, yPred, k).map((s, c) => [rubric.task.classes[c]!, {
    precision: s.precision, recall: finite(s.recall), f1: finite(s.f1), support: s.support,
  }]));
  return { metrics: Object.fromEntries(rubric.metrics.map((m) => [m, all[m] ?? null])), confusion: null, roc: null, n: names.length, perClass };
}

/** Scores whatever a classification collect returned (or null). */
export function measureClasses(rubric: Rubric, truth: Map<string, string>, predictions: ClassPredictions | null): Measured {
  if (rubric.task.kind === 'multiclass-classification') {
    return predictions?.kind === 'multiclass'
      ? measureMulticlass(rubric, truth, predictions.labels, predictions.probabilities)
      : measureMulticlass(rubric, truth, null, null);
  }
  return measureBinary(rubric, truth, predictions?.kind === 'binary' ? predictions.scores : null);
}
