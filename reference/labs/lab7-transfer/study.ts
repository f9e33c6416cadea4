/**
 * The comparison at one training-set fraction: a head on frozen features, the same features
 * through an SVM and a random forest (read back from the exported CSV), and — where the config
 * asks — fine-tuning of the backbone's last block, starting from that head.
 */
import * as tf from '@tensorflow/tfjs-core';
import { accuracy, balancedAccuracy, rocAuc, rocCurve } from '../../../harness/metrics/index.js';
import type { Rng } from '../../core/seed.js';
import type * as tfl from '@tensorflow/tfjs-layers';
import { restoreWeights, tailTrainables, type Lab7Backbone } from './backbone.js';
import type { ClassicModel } from './classic.js';
import { fitForest, fitSvm } from './classic.js';
import type { Lab7Config } from './config.js';
import { takeRows } from './data.js';
import { createHead, predictRows, trainLoop, type EpochRow, type Head, type Rows } from './train.js';

export type Approach = 'feature_extraction' | 'fine_tuning' | 'svm' | 'random_forest';
export const APPROACHES: Approach[] = ['feature_extraction', 'fine_tuning', 'svm', 'random_forest'];

export interface ApproachResult {
  approach: Approach; fraction: number; trainCount: number;
  accuracy: number; balanced_accuracy: number; roc_auc: number;
  /** Training time in seconds, excluding the shared backbone pass (reported on its own). */
  seconds: number;
  history?: EpochRow[];
  /** Test scores in the test set's order (P(lesion) or the model's score in [0, 1]). */
  scores: number[];
  roc: { fpr: number[]; tpr: number[] };
}

/** The inputs of every approach, prepared once per run. */
export interface StudyInputs {
  /** z-scored pooled features (training statistics), per split. */
  pooled: { train: Rows; val: Rows; test: Rows };
  /** The training features' mean and std behind `pooled` (the fine-tuned graph applies them too). */
  scaling: { mean: Float32Array; std: Float32Array };
  /** Activations where the last block starts, per split. */
  cut: { train: Rows; val: Rows; test: Rows };
  /** The same pooled features as read back from features.csv, z-scored by its training rows. */
  table: { train: number[][]; test: number[][] };
  testY: number[];
}

function subset(r: Rows, idx: number[]): Rows {
  const per = r.shape.reduce((a, b) => a * b, 1);
  return { x: takeRows(r.x, per, idx), y: Float32Array.from(idx, (i) => r.y[i]!), count: idx.length, shape: r.shape };
}

export function scoreApproach(approach: Approach, fraction: number, trainCount: number, y: number[], scores: number[], seconds: number, history?: EpochRow[]): ApproachResult {
  const pred = scores.map((p) => (p >= 0.5 ? 1 : 0));
  const c = rocCurve(y, scores, { dropIntermediate: true });
  return {
    approach, fraction, trainCount, seconds, scores, ...(history ? { history } : {}),
    accuracy: accuracy(y, pred), balanced_accuracy: balancedAccuracy(y, pred), roc_auc: rocAuc(y, scores),
    roc: { fpr: [...c.fpr], tpr: [...c.tpr] },
  };
}

const identity = (x: tf.Tensor): tf.Tensor2D => x as tf.Tensor2D;

/** tail → global average pooling → the same z-scoring as the frozen features, so the head starts where it was trained. */
export function scaledPool(tail: tfl.LayersModel, scaling: { mean: Float32Array; std: Float32Array }): (x: tf.Tensor) => tf.Tensor2D {
  return (x) => tf.div(tf.sub(tf.mean(tail.apply(x) as tf.Tensor4D, [1, 2]), tf.tensor1d(scaling.mean)), tf.tensor1d(scaling.std)) as tf.Tensor2D;
}

export interface FractionOutcome { results: ApproachResult[]; /** The trained heads, for the caller to keep or dispose. */ heads: { features: Head; fineTuned?: Head } }

/** `tail` is buildTail(backbone), built once; `pretrained` its weights before any fine-tuning (restored first). */
export async function runFraction(backbone: Lab7Backbone, tail: tfl.LayersModel, pretrained: tf.Tensor[], inputs: StudyInputs, config: Lab7Config, fraction: number, idx: number[], rng: Rng): Promise<FractionOutcome> {
  const results: ApproachResult[] = [];
  const n = idx.length;
  const featureHead = createHead(backbone.featureCount, config.head.dropout, rng.fork());
  const fe = await trainLoop(featureHead, identity, [], subset(inputs.pooled.train, idx), inputs.pooled.val, config.head, rng.fork());
  results.push(scoreApproach('feature_extraction', fraction, n, inputs.testY, Array.from(await predictRows(featureHead, identity, inputs.pooled.test)), fe.seconds, fe.history));

  const classic: ClassicModel[] = [];
  const [tx, ty] = balancedRows(idx.map((i) => inputs.table.train[i]!), idx.map((i) => inputs.pooled.train.y[i]!));
  classic.push(fitSvm(tx, ty, config.svm, rng.fork()), fitForest(tx, ty, config.forest, rng.fork()));
  for (const m of classic) results.push(scoreApproach(m.name, fraction, n, inputs.testY, m.score(inputs.table.test), m.seconds));

  let fineTuned: Head | undefined;
  if (config.fineTune.fractions.includes(fraction)) {
    restoreWeights(tail, pretrained);
    // Fine-tuning starts from the trained feature-extraction head (the usual two-stage recipe).
    fineTuned = createHead(backbone.featureCount, config.fineTune.dropout, rng.fork());
    fineTuned.dense.setWeights(featureHead.dense.getWeights());
    const extra = tailTrainables(tail).flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
    const pool = scaledPool(tail, inputs.scaling);
    const ft = await trainLoop(fineTuned, pool, extra, subset(inputs.cut.train, idx), inputs.cut.val, config.fineTune, rng.fork());
    const scores = Array.from(await predictRows(fineTuned, pool, inputs.cut.test));
    results.push(scoreApproach('fine_tuning', fraction, n, inputs.testY, scores, ft.seconds + fe.seconds, ft.history));
  }
  return { results, heads: { features: featureHead, ...(fineTuned ? { fineTuned } : {}) } };
}

/**
 * Class imbalance for the classical models (neither package takes class weights): the minority
 * class's rows are repeated in turn until both classes have as many rows. The heads use class weights instead.
 */
export function balancedRows(x: number[][], y: number[]): [number[][], number[]] {
  const byClass = [0, 1].map((c) => y.map((v, i) => (v === c ? i : -1)).filter((i) => i >= 0));
  const target = Math.max(byClass[0]!.length, byClass[1]!.length);
  const idx = byClass.flatMap((rows) => (rows.length ? Array.from({ length: target }, (_, k) => rows[k % rows.length]!) : []));
  return [idx.map((i) => x[i]!), idx.map((i) => y[i]!)];
}
