/**
 * One seed of lab 1 end to end: split → train-only standardisation → majority, logistic and MLP
 * evaluated once on test; capacity sweep and learning curve scored on validation only.
 */
import { selectBackend, type BackendName } from '../../core/backend.js';
import { createRng } from '../../core/seed.js';
import type { ReferenceConfig, ReferenceEntry, ReferenceRunResult } from '../../registry/types.js';
import { lab1Config, type Lab1Config } from './config.js';
import { fitStandardiser, loadBreastCancer, majorityClass, standardise, stratifiedSplit, subset, type Table } from './data.js';
import { binaryMetrics, labelsFrom, type BinaryMetrics } from './evaluate.js';
import { writeLab1Outputs } from './report.js';
import { trainBinary } from './train.js';

export type { BinaryMetrics } from './evaluate.js';
export interface CapacityRow { hidden: number; train_accuracy: number; val_accuracy: number }
export interface LearningRow { train_size: number; train_accuracy: number; val_accuracy: number }

export interface Lab1Result {
  config: ReferenceConfig; seed: number; backend: string; margin: number;
  sizes: { train: number; val: number; test: number };
  models: Record<'majority' | 'logistic' | 'mlp', BinaryMetrics>;
  capacity: number[]; capacityRows: CapacityRow[]; learningRows: LearningRow[];
  /** Test labels and MLP probabilities, in test-index order. */
  test: { y: number[]; mlpProb: number[] };
  reference: ReferenceRunResult;
  files: string[];
}

export async function runLab1(config: Lab1Config | ReferenceConfig, seed: number, outDir?: string, options: { prefer?: BackendName } = {}): Promise<Lab1Result> {
  const c = typeof config === 'string' ? lab1Config(config) : config;
  const backend = await selectBackend(options.prefer ? { prefer: options.prefer } : {});
  const rng = createRng(seed);
  const { table, checksum } = loadBreastCancer();
  const split = stratifiedSplit(table.y, rng.fork(), c.split);
  const raw = { train: subset(table, split.train), val: subset(table, split.val), test: subset(table, split.test) };
  const stats = fitStandardiser(raw.train);
  const [train, val, test] = [raw.train, raw.val, raw.test].map((t) => standardise(t, stats)) as [Table, Table, Table];

  const major = majorityClass(train.y);
  const majority = binaryMetrics(test.y, new Float32Array(test.n).fill(major));
  const [logProb] = await trainBinary(c, [], train, [test], rng.fork());
  const [mlpProb] = await trainBinary(c, [c.mlpHidden], train, [test], rng.fork());

  const capacityRows: CapacityRow[] = [];
  for (const hidden of c.capacity) {
    const [pTrain, pVal] = await trainBinary(c, [hidden], train, [train, val], rng.fork());
    capacityRows.push({ hidden, train_accuracy: binaryMetrics(train.y, pTrain!).accuracy, val_accuracy: binaryMetrics(val.y, pVal!).accuracy });
  }
  const learningRows: LearningRow[] = [];
  const curveRng = rng.fork();
  for (const fraction of c.trainFractions) {
    // A stratified sub-sample of the training split; statistics stay those of the full training split.
    const part = fraction >= 1 ? train : subset(train, stratifiedSplit(train.y, curveRng.fork(), { val: 0, test: fraction }).test);
    const [pTrain, pVal] = await trainBinary(c, [c.mlpHidden], part, [part, val], curveRng.fork());
    learningRows.push({ train_size: part.n, train_accuracy: binaryMetrics(part.y, pTrain!).accuracy, val_accuracy: binaryMetrics(val.y, pVal!).accuracy });
  }

  const models = { majority, logistic: binaryMetrics(test.y, logProb!), mlp: binaryMetrics(test.y, mlpProb!) };
  const mlpPred = labelsFrom(mlpProb!, 1);
  const reference: ReferenceRunResult = {
    metrics: { ...models.mlp }, perExample: Array.from(test.y, (y, i) => (y === mlpPred[i] ? 0 : 1)), n: test.n,
    dataChecksums: { breast_cancer: checksum }, backend: backend.name, synthetic: false,
    versions: { 'tfjs-backend': `${backend.name} (${backend.detail.package})` },
  };
  const result: Lab1Result = {
    config: c.name, seed, backend: backend.name, margin: c.margin,
    sizes: { train: train.n, val: val.n, test: test.n }, models, capacity: c.capacity, capacityRows, learningRows,
    test: { y: Array.from(test.y), mlpProb: Array.from(mlpProb!) }, reference, files: [],
  };
  if (outDir) result.files = await writeLab1Outputs(result, outDir);
  return result;
}

/** Registry entry: the MLP's test metrics. */
export function lab1Reference(options: { prefer?: BackendName } = {}): ReferenceEntry {
  return {
    description: 'Lab 1, supervised learning: breast_cancer, majority / logistic / MLP, test accuracy, sensitivity, specificity, roc_auc (tfjs)',
    run: async (config: ReferenceConfig, seed: number, outDir?: string) => (await runLab1(config, seed, outDir, options)).reference,
  };
}

/** Registry-compatible run. */
export async function run(config: ReferenceConfig, seed: number): Promise<ReferenceRunResult> {
  return (await runLab1(config, seed)).reference;
}
