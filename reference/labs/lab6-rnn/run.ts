/**
 * Lab 6 end to end for one seed: windows of the real BOLD series (data.ts), an LSTM, a GRU and a
 * dense baseline (model.ts) trained alike (train.ts), scored on the later part of the series at
 * the training positive rate (evaluate.ts). Writes metrics.json, predictions.svg and summary.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { svgFromVegaLite } from '../../../harness/report/charts.js';
import { selectBackend, type BackendName } from '../../core/backend.js';
import { createRng } from '../../core/seed.js';
import type { ReferenceConfig, ReferenceEntry, ReferenceRunResult } from '../../registry/types.js';
import { LAB6_BALANCED_MARGIN, lab6Config, type Lab6Config } from './config.js';
import { buildWindows } from './data.js';
import { errorsPerExample, majorityAccuracy, predictAndScore, trainingPositiveRate, type SequenceScore } from './evaluate.js';
import { createSequenceModel, type SequenceModelKind } from './model.js';
import { disposeModelAndOptimizer, trainSequenceModel } from './train.js';

export type { SequenceScore } from './evaluate.js';
export interface Lab6Details {
  models: Record<SequenceModelKind, SequenceScore>; majority: number; threshold: number;
  trainCount: number; testCount: number; positiveRate: number; samples: number; events: number; files: string[];
}

const KINDS: readonly SequenceModelKind[] = ['lstm', 'gru', 'dense'];

export async function runLab6(config: Lab6Config, seed: number, outDir?: string, prefer: BackendName = 'wasm'): Promise<{ result: ReferenceRunResult; details: Lab6Details }> {
  const backend = await selectBackend({ prefer });
  const rng = createRng(seed);
  const data = buildWindows(config.window, config.trainFraction);
  const threshold = trainingPositiveRate(data.train);
  const models = {} as Record<SequenceModelKind, SequenceScore>;
  const probs = {} as Record<SequenceModelKind, Float32Array>;
  for (const kind of KINDS) {
    const r = rng.fork();
    const model = createSequenceModel(kind, config.window, config.units, r, config.learningRate);
    try {
      const t0 = Date.now();
      const losses = await trainSequenceModel(model, data.train, r, config);
      const { p, score } = await predictAndScore(model, data.test, threshold);
      probs[kind] = p;
      models[kind] = { params: model.countParams(), ...score, losses, seconds: (Date.now() - t0) / 1000 };
    } finally {
      disposeModelAndOptimizer(model);
    }
  }
  const positives = data.test.y.reduce((a, b) => a + b, 0);
  const details: Lab6Details = {
    models, majority: majorityAccuracy(data.test), threshold,
    trainCount: data.train.count, testCount: data.test.count, positiveRate: positives / data.test.count,
    samples: data.samples, events: data.events, files: [],
  };
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'predictions.svg'), await svgFromVegaLite(predictionSpec(data.test.x, data.test.y, probs, config.window)));
    details.files.push('predictions.svg', 'metrics.json', 'summary.md');
    writeFileSync(join(outDir, 'metrics.json'), JSON.stringify({ config, seed, backend: backend.name, ...details }, null, 2) + '\n');
    writeFileSync(join(outDir, 'summary.md'), lab6Summary(details, config, seed));
  }
  const m = models.lstm;
  const result: ReferenceRunResult = {
    metrics: {
      accuracy: m.accuracy, balanced_accuracy: m.balanced_accuracy, sensitivity: m.sensitivity, specificity: m.specificity, roc_auc: m.roc_auc,
      gru_roc_auc: models.gru.roc_auc, gru_balanced_accuracy: models.gru.balanced_accuracy,
      dense_roc_auc: models.dense.roc_auc, dense_balanced_accuracy: models.dense.balanced_accuracy, majority_accuracy: details.majority,
    },
    perExample: errorsPerExample(data.test.y, probs.lstm, threshold),
    n: data.test.count, dataChecksums: data.checksums, backend: backend.name, synthetic: false,
    versions: { 'tfjs-backend': `${backend.name} (${backend.detail.package})` },
  };
  return { result, details };
}

/** The first 150 test windows: the window's first BOLD sample, each model's p, and the true events. */
function predictionSpec(x: Float32Array, y: Float32Array, probs: Record<SequenceModelKind, Float32Array>, window: number): Record<string, unknown> {
  const rows: { t: number; series: string; value: number }[] = [];
  for (let t = 0; t < Math.min(150, y.length); t++) {
    rows.push({ t, series: 'BOLD (z)', value: x[t * window]! }, { t, series: 'event', value: y[t]! });
    for (const k of KINDS) rows.push({ t, series: `p ${k}`, value: probs[k][t]! });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 700, height: 220,
    title: 'Test windows: BOLD, true event onsets and predicted probabilities', data: { values: rows },
    mark: 'line', encoding: { x: { field: 't', type: 'quantitative', title: 'test window' }, y: { field: 'value', type: 'quantitative' }, color: { field: 'series', type: 'nominal' } },
  };
}

const f3 = (v: number): string => v.toFixed(3);

export function lab6Summary(d: Lab6Details, config: Lab6Config, seed: number): string {
  const row = (name: string, s: SequenceScore): string => `| ${name} | ${s.params} | ${f3(s.accuracy)} | ${f3(s.balanced_accuracy)} | ${f3(s.sensitivity)} | ${f3(s.specificity)} | ${f3(s.roc_auc)} | ${s.seconds.toFixed(1)} |`;
  const best = KINDS.reduce((a, k) => (d.models[k].roc_auc > d.models[a].roc_auc ? k : a), KINDS[0]!);
  return [
    `# Lab 6: LSTM and GRU vs a dense baseline (config ${config.name}, seed ${seed})`, '',
    `Data: nitime event-related fMRI, ${d.samples} BOLD samples with ${d.events} event onsets. A window is ${config.window} samples; its label is 1 when an event starts at its first sample.`,
    `Train ${d.trainCount} windows (earlier part), test ${d.testCount} (later part, no shared samples); test positive rate ${f3(d.positiveRate)}; decision threshold ${f3(d.threshold)} (the training positive rate).`, '',
    '| model | parameters | accuracy | balanced accuracy | sensitivity | specificity | ROC AUC | train s |', '| --- | --- | --- | --- | --- | --- | --- | --- |',
    row('LSTM', d.models.lstm), row('GRU', d.models.gru), row('dense (flattened window)', d.models.dense),
    `| majority class | 0 | ${f3(d.majority)} | 0.500 | 0.000 | 1.000 | 0.500 | 0 |`, '',
    `Best ROC AUC: ${best} (${f3(d.models[best].roc_auc)}). LSTM minus dense ROC AUC: ${f3(d.models.lstm.roc_auc - d.models.dense.roc_auc)}; GRU minus dense: ${f3(d.models.gru.roc_auc - d.models.dense.roc_auc)}.`,
    `Against the majority class compare balanced accuracy and ROC AUC (0.5 for it): its plain accuracy is high only because events are rare. The lab claims LSTM and GRU balanced accuracy at least 0.5 + ${LAB6_BALANCED_MARGIN}; measured LSTM ${f3(d.models.lstm.balanced_accuracy)}, GRU ${f3(d.models.gru.balanced_accuracy)}.`,
    d.files.length ? 'Figure: predictions.svg.' : '', '',
  ].join('\n');
}

export function lab6Reference(options: { prefer?: BackendName } = {}): ReferenceEntry {
  return {
    description: 'Lab 6: LSTM and GRU vs a dense baseline on real event-related BOLD (nitime), event-onset windows, tfjs',
    run: async (config: ReferenceConfig, seed: number, outDir?: string) => (await runLab6(lab6Config(config), seed, outDir, options.prefer ?? 'wasm')).result,
  };
}

/** Registry-compatible run on the wasm backend. */
export async function run(config: ReferenceConfig, seed: number): Promise<ReferenceRunResult> {
  return (await runLab6(lab6Config(config), seed)).result;
}
