import { binaryLabels, finiteScores, integerLabels, MetricError, requireSameLength } from './errors.js';

/**
 * Confusion counts, binary and multiclass.
 *
 * Binary: `yTrue` n labels in {0,1}; `yScore` n finite scores, predicted
 * positive when score >= threshold (default 0.5). Pass 0/1 predictions with
 * the default threshold to count hard predictions. n >= 1.
 */
export interface BinaryConfusion { tp: number; fp: number; tn: number; fn: number }

export function binaryConfusion(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, threshold = 0.5): BinaryConfusion {
  requireSameLength('binaryConfusion', yTrue, yScore);
  const truth = binaryLabels('binaryConfusion', yTrue);
  const score = finiteScores('binaryConfusion', yScore);
  const counts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < truth.length; i++) {
    const predicted = score[i]! >= threshold;
    if (truth[i] === 1) predicted ? counts.tp++ : counts.fn++;
    else predicted ? counts.fp++ : counts.tn++;
  }
  return counts;
}

/**
 * Multiclass k×k matrix, as sklearn's `confusion_matrix`: rows are true
 * labels, columns predicted, in the order of `labels` (default: the sorted
 * union of labels seen in yTrue and yPred). Samples whose true or predicted
 * label is not in `labels` are left out, as sklearn does.
 */
export interface MulticlassConfusion { labels: number[]; matrix: number[][] }

export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels?: readonly number[]): MulticlassConfusion {
  requireSameLength('confusionMatrix', yTrue, yPred, ['yTrue', 'yPred']);
  const truth = integerLabels('confusionMatrix', yTrue, 'yTrue');
  const pred = integerLabels('confusionMatrix', yPred, 'yPred');
  const order = labels ? [...labels] : [...new Set([...truth, ...pred])].sort((a, b) => a - b);
  if (order.length === 0) throw new MetricError('confusionMatrix', 'expected at least 1 label, got an empty labels list');
  const index = new Map(order.map((label, i) => [label, i]));
  const matrix = order.map(() => order.map(() => 0));
  for (let i = 0; i < truth.length; i++) {
    const r = index.get(truth[i]!);
    const c = index.get(pred[i]!);
    if (r !== undefined && c !== undefined) matrix[r]![c]!++;
  }
  return { labels: order, matrix };
}
