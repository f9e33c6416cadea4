/**
 * Task 3 (stretch) as a registered reference: frozen nsfwjs MobileNetV2 features, head search
 * over batch size × learning rate × dropout, retrain the head on train+val for the found
 * epochs, one test evaluation. Same data and test set as the baseline reference.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../core/backend.js';
import { createRng } from '../../core/seed.js';
import type { ReferenceConfig, ReferenceEntry, ReferenceRunResult } from '../../registry/types.js';
import { covidConfig, type CovidConfig } from './config.js';
import { evaluatePredictions } from './evaluate.js';
import { disposeModel } from './model.js';
import { loadCovidData, type CovidRunOptions } from './run.js';
import { createBackbone, createTransferHead, extractFeatures, FEATURES, fitHead, searchTransfer, type FeatureSet, type TransferRow } from './transfer.js';

export async function runCovidTransfer(config: CovidConfig, seed: number, options: CovidRunOptions = {}): Promise<{ result: ReferenceRunResult; rows: TransferRow[] }> {
  const backend = await selectBackend(options.prefer ? { prefer: options.prefer } : {});
  const scratch = mkdtempSync(join(tmpdir(), 'medgrade-covid-tl-'));
  const backbone = await createBackbone();
  try {
    const { raw, dataChecksums } = await loadCovidData(config, scratch);
    const feats = async (k: 'train' | 'val' | 'test'): Promise<FeatureSet> => ({ x: await extractFeatures(backbone, raw[k]), y: raw[k].y, count: raw[k].count });
    const [train, val, test] = standardise([await feats('train'), await feats('val'), await feats('test')]);
    const rng = createRng(seed);
    const { search, maxEpochs, patience } = config.transfer;
    const rows = await searchTransfer(train, val, search, rng.fork(), maxEpochs, patience);
    const best = rows.reduce((a, b) => (b.val_loss < a.val_loss ? b : a));
    const both: FeatureSet = { x: new Float32Array([...train.x, ...val.x]), y: new Float32Array([...train.y, ...val.y]), count: train.count + val.count };
    const headRng = rng.fork();
    const head = createTransferHead(best, headRng);
    let probs: Float32Array;
    try {
      // fitHead with the training set as its own "validation" and no patience runs exactly best_epoch epochs.
      await fitHead(head, both, both, headRng, best, best.best_epoch, Infinity);
      const x = tf.tensor2d(test.x, [test.count, FEATURES]);
      const out = head.predict(x) as tf.Tensor;
      probs = (await out.data()) as Float32Array;
      tf.dispose([x, out]);
    } finally {
      disposeModel(head);
    }
    const evaluation = evaluatePredictions(test.y, probs, 0.5, seed);
    return {
      rows,
      result: {
        metrics: evaluation.metrics, perExample: evaluation.perExample, n: test.count, dataChecksums, backend: backend.name,
        synthetic: config.data.kind === 'synthetic', samplingVariance: evaluation.samplingVariance,
        versions: { 'tfjs-backend': `${backend.name} (${backend.detail.package})`, backbone: 'nsfwjs MobileNetV2 (not ImageNet-1k)' },
      },
    };
  } finally {
    backbone.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Per-feature z-scores with the TRAINING features' mean and std (pooled ReLU features differ in scale by orders of magnitude). */
function standardise(sets: [FeatureSet, FeatureSet, FeatureSet]): [FeatureSet, FeatureSet, FeatureSet] {
  const [train] = sets;
  const mean = new Float64Array(FEATURES), sq = new Float64Array(FEATURES);
  for (let i = 0; i < train.count; i++) for (let j = 0; j < FEATURES; j++) { const v = train.x[i * FEATURES + j]!; mean[j]! += v; sq[j]! += v * v; }
  const std = new Float64Array(FEATURES);
  for (let j = 0; j < FEATURES; j++) { mean[j] = mean[j]! / train.count; std[j] = Math.sqrt(Math.max(0, sq[j]! / train.count - mean[j]! ** 2)) || 1; }
  return sets.map((s) => ({ ...s, x: s.x.map((v, k) => (v - mean[k % FEATURES]!) / std[k % FEATURES]!) })) as [FeatureSet, FeatureSet, FeatureSet];
}

export function covidXrayTransferReference(options: CovidRunOptions = {}): ReferenceEntry {
  return {
    description: 'COVID-19 chest X-ray project, task 3 (stretch): frozen nsfwjs MobileNetV2 features + searched head (tfjs)',
    run: async (config: ReferenceConfig, seed: number) => (await runCovidTransfer(covidConfig(config), seed, options)).result,
  };
}
