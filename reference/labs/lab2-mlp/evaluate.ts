/** Lab 2 evaluation: multiclass accuracy and the reference model's test metrics against the majority class. */
import { confusionMatrix, rocAucOvrMacro } from '../../../harness/metrics/index.js';
import type { Table } from '../lab1-supervised/data.js';
import { labelsFrom, rowsOf } from '../lab1-supervised/evaluate.js';
import { K } from './model.js';

/** The harness's accuracy is binary; multiclass accuracy is the trace of its confusion matrix over n. */
export function multiclassAccuracy(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  const labels = Array.from({ length: K }, (_, c) => c);
  const { matrix } = confusionMatrix(y, pred, labels);
  return matrix.reduce((s, row, c) => s + row[c]!, 0) / y.length;
}

/** Argmax accuracy of row-major probabilities on a table. */
export const tableAccuracy = (t: Table, p: Float32Array): number => multiclassAccuracy(t.y, labelsFrom(p, K));

export interface Lab2TestMetrics { majority_accuracy: number; accuracy: number; roc_auc: number }

/** Test metrics of the reference model; `majority` is the training split's most frequent class. */
export function testMetrics(test: Table, prob: Float32Array, majority: number): { metrics: Lab2TestMetrics; pred: Int32Array } {
  const pred = labelsFrom(prob, K);
  return {
    metrics: { majority_accuracy: multiclassAccuracy(test.y, new Int32Array(test.n).fill(majority)), accuracy: multiclassAccuracy(test.y, pred), roc_auc: rocAucOvrMacro(test.y, rowsOf(prob, K)) },
    pred,
  };
}
