/**
 * One seed of lab 2: the reference MLP and one-change variants (activation, loss, optimizer) compared
 * on validation; under/overfitting with dropout and L2 on a small training subset; the reference
 * model alone is evaluated once on test.
 */
import { selectBackend, type BackendName } from '../../core/backend.js';
import { createRng } from '../../core/seed.js';
import type { ReferenceConfig, ReferenceEntry, ReferenceRunResult } from '../../registry/types.js';
import { majorityClass, stratifiedSplit, subset, type Table } from '../lab1-supervised/data.js';
import type { CurvePoint } from '../lab1-supervised/train.js';
import { lab2Config, type Lab2Config } from './config.js';
import { loadDigits } from './data.js';
import { tableAccuracy, testMetrics as scoreTest } from './evaluate.js';
import { variantLabel } from './model.js';
import { writeLab2Outputs } from './report.js';
import { trainOne } from './train.js';

export interface ComparisonRow { activation: string; loss: string; optimizer: string; learning_rate: number; train_accuracy: number; val_accuracy: number; final_train_loss: number; final_val_loss: number }
export interface RegularisationRow { model: string; hidden: number; dropout: number; l2: number; train_size: number; train_accuracy: number; val_accuracy: number }

export interface Lab2Result {
  config: ReferenceConfig; seed: number; backend: string; margin: number;
  sizes: { train: number; val: number; test: number };
  test: { majority_accuracy: number; accuracy: number; roc_auc: number };
  comparison: ComparisonRow[];
  regularisation: RegularisationRow[];
  /** label → per-epoch losses. */
  curves: Record<string, CurvePoint[]>;
  reference: ReferenceRunResult;
  files: string[];
}

export async function runLab2(config: Lab2Config | ReferenceConfig, seed: number, outDir?: string, options: { prefer?: BackendName } = {}): Promise<Lab2Result> {
  const c = typeof config === 'string' ? lab2Config(config) : config;
  const backend = await selectBackend(options.prefer ? { prefer: options.prefer } : {});
  const rng = createRng(seed);
  const { table, checksum } = loadDigits();
  const split = stratifiedSplit(table.y, rng.fork(), c.split);
  const [train, val, test] = [split.train, split.val, split.test].map((idx) => subset(table, idx)) as [Table, Table, Table];

  const comparison: ComparisonRow[] = [];
  const curves: Record<string, CurvePoint[]> = {};
  let testProb: Float32Array | null = null;
  for (const v of [c.base, ...c.variants]) {
    const isBase = v === c.base;
    const r = await trainOne(v, c.hidden, {}, train, val, isBase ? [train, val, test] : [train, val], c.epochs, c.batchSize, rng.fork());
    if (isBase) testProb = r.probs[2]!;
    curves[variantLabel(v)] = r.curve;
    const last = r.curve[r.curve.length - 1]!;
    comparison.push({
      activation: v.activation, loss: v.loss, optimizer: v.optimizer, learning_rate: v.learningRate,
      train_accuracy: tableAccuracy(train, r.probs[0]!), val_accuracy: tableAccuracy(val, r.probs[1]!), final_train_loss: last.train_loss, final_val_loss: last.val_loss!,
    });
  }

  const g = c.regularisation;
  const few = subset(train, stratifiedSplit(train.y, rng.fork(), { val: 0, test: g.trainSize / train.n }).test);
  const studies: { model: string; hidden: number; dropout: number; l2: number }[] = [
    { model: 'underfit (tiny)', hidden: g.underHidden, dropout: 0, l2: 0 },
    { model: 'overfit (wide, few examples)', hidden: g.overHidden, dropout: 0, l2: 0 },
    { model: 'wide + dropout', hidden: g.overHidden, dropout: g.dropout, l2: 0 },
    { model: 'wide + L2', hidden: g.overHidden, dropout: 0, l2: g.l2 },
  ];
  const regularisation: RegularisationRow[] = [];
  for (const s of studies) {
    const r = await trainOne(c.base, s.hidden, { dropout: s.dropout, l2: s.l2 }, few, val, [few, val], g.epochs, c.batchSize, rng.fork());
    curves[s.model] = r.curve;
    regularisation.push({ ...s, train_size: few.n, train_accuracy: tableAccuracy(few, r.probs[0]!), val_accuracy: tableAccuracy(val, r.probs[1]!) });
  }

  const { metrics: testMetrics, pred } = scoreTest(test, testProb!, majorityClass(train.y));
  const reference: ReferenceRunResult = {
    metrics: { accuracy: testMetrics.accuracy, roc_auc: testMetrics.roc_auc }, perExample: Array.from(test.y, (y, i) => (y === pred[i] ? 0 : 1)), n: test.n,
    dataChecksums: { digits: checksum }, backend: backend.name, synthetic: false,
    versions: { 'tfjs-backend': `${backend.name} (${backend.detail.package})` },
  };
  const result: Lab2Result = {
    config: c.name, seed, backend: backend.name, margin: c.margin, sizes: { train: train.n, val: val.n, test: test.n },
    test: testMetrics, comparison, regularisation, curves, reference, files: [],
  };
  if (outDir) result.files = await writeLab2Outputs(result, outDir);
  return result;
}

/** Registry entry: the reference MLP's test metrics. */
export function lab2Reference(options: { prefer?: BackendName } = {}): ReferenceEntry {
  return {
    description: 'Lab 2, MLP fundamentals: sklearn digits 8x8, relu/CE/adam MLP, test accuracy and macro roc_auc (tfjs)',
    run: async (config: ReferenceConfig, seed: number, outDir?: string) => (await runLab2(config, seed, outDir, options)).reference,
  };
}

/** Registry-compatible run. */
export async function run(config: ReferenceConfig, seed: number): Promise<ReferenceRunResult> {
  return (await runLab2(config, seed)).reference;
}
