/**
 * Lab 7 end to end for one seed: ct-lesions slices through the pretrained MobileNetV2 once,
 * then frozen features + head, SVM and random forest on the exported features, and fine-tuning
 * of the last block, each at several training-set sizes; figures, metrics.json, summary.md.
 * The registry's metrics are the frozen-feature head's at 100 % (the lab's main approach).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendName } from '../../core/backend.js';
import { createRng } from '../../core/seed.js';
import { evaluatePredictions } from '../../projects/covid-xray/evaluate.js';
import type { ReferenceConfig, ReferenceEntry, ReferenceRunResult } from '../../registry/types.js';
import { buildTail, openBackbone, snapshotWeights } from './backbone.js';
import { lab7Config, type Lab7Config } from './config.js';
import { loadLab7Data, stratifiedSubset } from './data.js';
import { writeLab7Figures } from './figures.js';
import { prepareInputs } from './prepare.js';
import { lab7Summary } from './report.js';
import { runFraction, type ApproachResult } from './study.js';

export interface Lab7Options {
  prefer?: BackendName;
  /** A converted tfjs Layers model (e.g. ImageNet MobileNetV2) instead of nsfwjs's; default $MEDGRADE_LAB7_MODEL. */
  modelDir?: string;
  /** Feature cache folder; '' disables it. */
  cacheDir?: string;
}

export interface Lab7Details {
  config: Lab7Config; seed: number; backend: string; backbone: string; cutLayer: string; featureLayer: string; featureCount: number;
  counts: { train: number; val: number; test: number }; testLabels: number[]; testPositives: number; majority: number;
  backboneSeconds: number; featureCacheHit: boolean; results: ApproachResult[]; files: string[];
}

export async function runLab7(config: Lab7Config, seed: number, outDir?: string, options: Lab7Options = {}): Promise<{ result: ReferenceRunResult; details: Lab7Details }> {
  const backend = await selectBackend(options.prefer ? { prefer: options.prefer } : {});
  const data = loadLab7Data(config.data);
  const backbone = await openBackbone(options.modelDir ?? (process.env['MEDGRADE_LAB7_MODEL'] || undefined));
  const scratch = mkdtempSync(join(tmpdir(), 'medgrade-lab7-'));
  const tail = buildTail(backbone);
  const pretrained = snapshotWeights(tail);
  const results: ApproachResult[] = [];
  let details: Lab7Details;
  try {
    if (outDir) mkdirSync(outDir, { recursive: true });
    const prep = await prepareInputs(backbone, data, outDir ?? scratch, options.cacheDir);
    const rng = createRng(seed);
    const subsetSeed = rng.seed();
    for (const fraction of config.fractions) {
      // The same subset seed for every fraction: smaller subsets are nested in larger ones.
      const idx = fraction >= 1 ? Array.from({ length: data.train.count }, (_, i) => i) : stratifiedSubset(data.train.y, fraction, createRng(subsetSeed));
      const out = await runFraction(backbone, tail, pretrained, prep.inputs, config, fraction, idx, rng.fork());
      results.push(...out.results);
      out.heads.features.model.dispose();
      out.heads.fineTuned?.model.dispose();
    }
    const positives = data.test.y.reduce((a, b) => a + b, 0);
    details = {
      config, seed, backend: backend.name, backbone: backbone.source, cutLayer: backbone.cutName, featureLayer: backbone.layerName, featureCount: prep.featureCount,
      counts: { train: data.train.count, val: data.val.count, test: data.test.count }, testLabels: Array.from(data.test.y), testPositives: positives,
      majority: Math.max(positives, data.test.count - positives) / data.test.count,
      backboneSeconds: prep.backboneSeconds, featureCacheHit: prep.cached, results, files: [],
    };
    if (outDir) {
      details.files.push('features.csv', ...(await writeLab7Figures(outDir, results, prep.backboneSeconds)));
      writeFileSync(join(outDir, 'metrics.json'), JSON.stringify({ ...details, testLabels: undefined, results: results.map(({ scores: _s, roc: _r, ...r }) => r) }, null, 2) + '\n');
      writeFileSync(join(outDir, 'summary.md'), lab7Summary(details));
      details.files.push('metrics.json', 'summary.md');
    }
  } finally {
    tf.dispose(pretrained);
    // The tail holds a reference on the layers it re-applies: release it first, or the base keeps them alive.
    tail.dispose();
    backbone.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
  return { result: lab7Result(details, data.checksums, backend), details };
}

function lab7Result(d: Lab7Details, checksums: Record<string, string>, backend: { name: string; detail: { package: string } }): ReferenceRunResult {
  const at = (a: ApproachResult['approach']): ApproachResult | undefined => d.results.find((r) => r.approach === a && r.fraction === 1);
  const fe = at('feature_extraction')!;
  const evaluation = evaluatePredictions(d.testLabels, fe.scores, 0.5, d.seed);
  const extra: Record<string, number> = { balanced_accuracy: fe.balanced_accuracy, majority_accuracy: d.majority };
  for (const a of ['fine_tuning', 'svm', 'random_forest'] as const) {
    const r = at(a);
    if (r) { extra[`${a}_accuracy`] = r.accuracy; extra[`${a}_balanced_accuracy`] = r.balanced_accuracy; extra[`${a}_roc_auc`] = r.roc_auc; }
  }
  return {
    metrics: { ...evaluation.metrics, ...extra }, perExample: evaluation.perExample, n: d.counts.test, dataChecksums: checksums,
    backend: backend.name, synthetic: true, samplingVariance: evaluation.samplingVariance,
    versions: { 'tfjs-backend': `${backend.name} (${backend.detail.package})`, backbone: d.backbone, 'ml-svm': '2.1.2', 'ml-random-forest': '2.1.0' },
  };
}

export function lab7Reference(options: Lab7Options = {}): ReferenceEntry {
  return {
    description: 'Lab 7, transfer learning: pretrained MobileNetV2 features + head vs fine-tuned last block vs SVM / random forest on exported features, ct-lesions (tfjs)',
    run: async (config: ReferenceConfig, seed: number, outDir?: string) => (await runLab7(lab7Config(config), seed, outDir, options)).result,
  };
}
