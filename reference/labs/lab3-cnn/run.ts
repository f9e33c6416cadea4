/**
 * Lab 3 end to end for one seed: sample real MR patches, train a CNN and a dense net of
 * similar size with the same recipe, evaluate both on held-out slices, write figures,
 * metrics.json and summary.md. The registry's metrics are the CNN's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend, type BackendName } from '../../core/backend.js';
import { createRng } from '../../core/seed.js';
import type { ReferenceConfig, ReferenceEntry, ReferenceRunResult } from '../../registry/types.js';
import { LAB3_MAJORITY_MARGIN, lab3Config, type Lab3Config } from './config.js';
import { samplePatches } from './data.js';
import { writeCnnFigures } from './figures.js';
import { compileBinary, createCnn, createDense } from './model.js';
import { errorsPerExample, majorityAccuracy, predictAndScore, type ModelScore } from './evaluate.js';
import { disposeModelAndOptimizer, trainLab3Model } from './train.js';

export type { ModelScore } from './evaluate.js';
export interface Lab3Details { cnn: ModelScore; dense: ModelScore; majority: number; positiveLabels: number[]; negativeLabels: number[]; trainCount: number; testCount: number; positiveRate: number; files: string[] }

export async function runLab3(config: Lab3Config, seed: number, outDir?: string, prefer: BackendName = 'wasm'): Promise<{ result: ReferenceRunResult; details: Lab3Details }> {
  const backend = await selectBackend({ prefer });
  const rng = createRng(seed);
  const data = samplePatches(rng.fork(), config.trainCount, config.testCount, config.patch);
  const fits: Record<'cnn' | 'dense', { model: ReturnType<typeof createCnn>; p: Float32Array; s: ModelScore }> = {} as never;
  for (const kind of ['cnn', 'dense'] as const) {
    const r = rng.fork();
    const model = compileBinary(kind === 'cnn' ? createCnn(config.patch, r) : createDense(config.patch, r), config.learningRate);
    const t0 = Date.now();
    const losses = await trainLab3Model(model, data.train, r, config);
    const { p, score } = await predictAndScore(model, data.test);
    fits[kind] = { model, p, s: { params: model.countParams(), ...score, losses, seconds: (Date.now() - t0) / 1000 } };
  }
  const positives = data.test.y.reduce((a, b) => a + b, 0);
  const majority = majorityAccuracy(data.test.y);
  const files: string[] = [];
  try {
    if (outDir) {
      mkdirSync(outDir, { recursive: true });
      const first = data.test.x.subarray(0, config.patch * config.patch);
      writeCnnFigures(fits.cnn.model, first, config.patch, join(outDir, 'filters.png'), join(outDir, 'feature_maps.png'));
      files.push('filters.png', 'feature_maps.png');
    }
  } finally {
    disposeModelAndOptimizer(fits.cnn.model);
    disposeModelAndOptimizer(fits.dense.model);
  }
  const details: Lab3Details = {
    cnn: fits.cnn.s, dense: fits.dense.s, majority, positiveLabels: data.positiveLabels, negativeLabels: data.negativeLabels,
    trainCount: data.train.count, testCount: data.test.count, positiveRate: positives / data.test.count, files,
  };
  if (outDir) {
    writeFileSync(join(outDir, 'metrics.json'), JSON.stringify({ config, seed, backend: backend.name, ...details }, null, 2) + '\n');
    writeFileSync(join(outDir, 'summary.md'), lab3Summary(details, config, seed));
    files.push('metrics.json', 'summary.md');
  }
  const { cnn } = details;
  const result: ReferenceRunResult = {
    metrics: { accuracy: cnn.accuracy, balanced_accuracy: cnn.balanced_accuracy, roc_auc: cnn.roc_auc, dense_accuracy: details.dense.accuracy, dense_roc_auc: details.dense.roc_auc, majority_accuracy: majority },
    perExample: errorsPerExample(data.test.y, fits.cnn.p),
    n: data.test.count, dataChecksums: data.checksums, backend: backend.name, synthetic: false,
    versions: { 'tfjs-backend': `${backend.name} (${backend.detail.package})` },
  };
  return { result, details };
}

const f3 = (v: number): string => v.toFixed(3);

export function lab3Summary(d: Lab3Details, config: Lab3Config, seed: number): string {
  return [
    `# Lab 3: CNN vs dense network (config ${config.name}, seed ${seed})`, '',
    `Task: is the centre voxel of a ${config.patch}×${config.patch} axial patch of the ITK T1 in a bright tissue class (k-means labels ${d.positiveLabels.join(', ')}) rather than a dark one (${d.negativeLabels.join(', ')})?`,
    `Train ${d.trainCount} patches, test ${d.testCount} patches from other slices; test positive rate ${f3(d.positiveRate)}.`, '',
    '| model | parameters | accuracy | balanced accuracy | ROC AUC | train s |', '| --- | --- | --- | --- | --- | --- |',
    `| CNN | ${d.cnn.params} | ${f3(d.cnn.accuracy)} | ${f3(d.cnn.balanced_accuracy)} | ${f3(d.cnn.roc_auc)} | ${d.cnn.seconds.toFixed(1)} |`,
    `| dense | ${d.dense.params} | ${f3(d.dense.accuracy)} | ${f3(d.dense.balanced_accuracy)} | ${f3(d.dense.roc_auc)} | ${d.dense.seconds.toFixed(1)} |`,
    `| majority class | 0 | ${f3(d.majority)} | 0.500 | 0.500 | 0 |`, '',
    `The CNN ${d.cnn.accuracy > d.dense.accuracy ? 'beats' : 'does not beat'} the dense network by ${f3(d.cnn.accuracy - d.dense.accuracy)} accuracy; it beats the majority class by ${f3(d.cnn.accuracy - d.majority)} (dense: ${f3(d.dense.accuracy - d.majority)}; the lab claims at least ${LAB3_MAJORITY_MARGIN}).`,
    d.files.length ? 'Figures: filters.png (learned conv1 kernels), feature_maps.png (first test patch, then its conv1 maps).' : '', '',
  ].join('\n');
}

export function lab3Reference(options: { prefer?: BackendName } = {}): ReferenceEntry {
  return {
    description: 'Lab 3: CNN vs dense network of similar size on real MR patches (ITK T1 tissue class), tfjs',
    run: async (config: ReferenceConfig, seed: number, outDir?: string) => (await runLab3(lab3Config(config), seed, outDir, options.prefer ?? 'wasm')).result,
  };
}

/** Registry-compatible run on the wasm backend. */
export async function run(config: ReferenceConfig, seed: number): Promise<ReferenceRunResult> {
  return (await runLab3(lab3Config(config), seed)).result;
}
