/**
 * Tasks 3–4 as a registered reference: the nsfwjs MobileNetV2 frozen up to its last block
 * (activations cached once), a head searched over batch size × learning rate × dropout,
 * retrained on train+val for the found epochs, then the last block fine-tuned with a smaller
 * learning rate. The whole model is saved, reloaded and evaluated once on the test set, and
 * Grad-CAM (single sigmoid, logit) is drawn for the TP/FP/TN/FN groups.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../core/backend.js';
import { gradCam } from '../../core/interpret/grad-cam.js';
import { loadModel, saveModel } from '../../core/model-io.js';
import { createRng } from '../../core/seed.js';
import type { ReferenceConfig, ReferenceEntry, ReferenceRunResult } from '../../registry/types.js';
import { covidConfig, type CovidConfig } from './config.js';
import type { ImageSet } from './data.js';
import { evaluatePredictions, type Evaluation } from './evaluate.js';
import { exportableModel, featuresFromStem, fineTuneLastBlock, splitLastBlock, stemActivations, type LastBlock, type Standardiser } from './fine-tune.js';
import { curvesSvg, gradCamGroupSvg, outcomeGroups, type OutcomeGroup } from './figures.js';
import { disposeModel } from './model.js';
import { loadCovidData, type CovidRunOptions } from './run.js';
import { backboneInput, createBackbone, createTransferHead, FEATURES, fitHead, searchTransfer, transferCsv, type FeatureSet, type TransferRow } from './transfer.js';

export interface TransferRunDetails { rows: TransferRow[]; head: Evaluation; fineTuned: Evaluation; fineTuneLosses: number[]; reloadMaxDiff: number }

/** Per-feature z-scores with the TRAINING features' mean and std (pooled ReLU features differ in scale by orders of magnitude). */
function standardise(sets: [FeatureSet, FeatureSet, FeatureSet]): { sets: [FeatureSet, FeatureSet, FeatureSet]; scale: Standardiser } {
  const [train] = sets;
  const sum = new Float64Array(FEATURES), sq = new Float64Array(FEATURES);
  for (let i = 0; i < train.count; i++) for (let j = 0; j < FEATURES; j++) { const v = train.x[i * FEATURES + j]!; sum[j]! += v; sq[j]! += v * v; }
  const mean = new Float32Array(FEATURES), std = new Float32Array(FEATURES);
  for (let j = 0; j < FEATURES; j++) { mean[j] = sum[j]! / train.count; std[j] = Math.sqrt(Math.max(0, sq[j]! / train.count - (sum[j]! / train.count) ** 2)) || 1; }
  const z = (s: FeatureSet): FeatureSet => ({ ...s, x: s.x.map((v, k) => (v - mean[k % FEATURES]!) / std[k % FEATURES]!) });
  return { sets: sets.map(z) as [FeatureSet, FeatureSet, FeatureSet], scale: { mean, std } };
}

async function predictImages(model: tfl.LayersModel, set: ImageSet, batchSize = 16): Promise<Float32Array> {
  const out = new Float32Array(set.count);
  for (let s = 0; s < set.count; s += batchSize) {
    const e = Math.min(set.count, s + batchSize);
    const p = tf.tidy(() => model.predict(backboneInput(set, s, e)) as tf.Tensor);
    out.set(await p.data(), s);
    p.dispose();
  }
  return out;
}

const concat = (a: Float32Array, b: Float32Array): Float32Array => { const c = new Float32Array(a.length + b.length); c.set(a); c.set(b, a.length); return c; };

export async function runCovidTransfer(config: CovidConfig, seed: number, options: CovidRunOptions = {}): Promise<{ result: ReferenceRunResult; details: TransferRunDetails }> {
  const backend = await selectBackend(options.prefer ? { prefer: options.prefer } : {});
  const scratch = mkdtempSync(join(tmpdir(), 'medgrade-covid-tl-'));
  const work = options.workDir ?? scratch;
  mkdirSync(work, { recursive: true });
  const backbone = await createBackbone();
  const models: tfl.LayersModel[] = [];
  let exported: tfl.LayersModel | null = null;
  let block: LastBlock | null = null;
  try {
    const { raw, dataChecksums } = await loadCovidData(config, scratch);
    const last = splitLastBlock(backbone);
    block = last;
    const stems = { train: await stemActivations(last, raw.train), val: await stemActivations(last, raw.val), test: await stemActivations(last, raw.test) };
    const feats = async (k: 'train' | 'val' | 'test'): Promise<FeatureSet> => ({ x: await featuresFromStem(last, stems[k], raw[k].count), y: raw[k].y, count: raw[k].count });
    const { sets: [train, val, test], scale } = standardise([await feats('train'), await feats('val'), await feats('test')]);
    const rng = createRng(seed);
    const { search, maxEpochs, patience } = config.transfer;
    const rows = await searchTransfer(train, val, search, rng.fork(), maxEpochs, patience);
    const best = rows.reduce((a, b) => (b.val_loss < a.val_loss ? b : a));
    const both: FeatureSet = { x: concat(train.x, val.x), y: concat(train.y, val.y), count: train.count + val.count };
    const headRng = rng.fork();
    const head = createTransferHead(best, headRng);
    models.push(head);
    // fitHead with the training set as its own "validation" and no patience runs exactly best_epoch epochs.
    await fitHead(head, both, both, headRng, best, best.best_epoch, Infinity);
    const headProbs = tf.tidy(() => (head.predict(tf.tensor2d(test.x, [test.count, FEATURES])) as tf.Tensor).dataSync() as Float32Array);
    const headEval = evaluatePredictions(test.y, headProbs, 0.5, seed);

    const fineTuneLosses = await fineTuneLastBlock(last, head, scale, concat(stems.train, stems.val), both.y, headRng,
      { epochs: config.transfer.fineTuneEpochs, batchSize: best.batchSize, learningRate: best.learningRate * config.transfer.fineTuneFactor });
    const model = exportableModel(backbone, head, scale);
    exported = model;
    const inMemory = await predictImages(model, raw.test);
    await saveModel(model, join(work, 'transfer_model'));
    const reloaded = await loadModel(join(work, 'transfer_model'));
    models.push(reloaded);
    const probs = await predictImages(reloaded, raw.test);
    const reloadMaxDiff = probs.reduce((m, p, i) => Math.max(m, Math.abs(p - inMemory[i]!)), 0);
    const evaluation = evaluatePredictions(test.y, probs, 0.5, seed);
    const details: TransferRunDetails = { rows, head: headEval, fineTuned: evaluation, fineTuneLosses, reloadMaxDiff };
    if (options.workDir) await writeTransferOutputs(work, reloaded, raw.test, probs, details, config, seed);
    return {
      details,
      result: {
        metrics: { ...evaluation.metrics, head_accuracy: headEval.metrics.accuracy, head_roc_auc: headEval.metrics.roc_auc },
        perExample: evaluation.perExample, n: test.count, dataChecksums, backend: backend.name,
        synthetic: config.data.kind === 'synthetic', samplingVariance: evaluation.samplingVariance,
        versions: { 'tfjs-backend': `${backend.name} (${backend.detail.package})`, backbone: 'nsfwjs MobileNetV2 (not ImageNet-1k)' },
      },
    };
  } finally {
    models.forEach(disposeModel);
    // The exported model and the tail share the backbone's layers; the tail's re-application holds a
    // reference to each, so it is released first or the backbone keeps those weights alive.
    exported?.getLayer('covid_head').dispose();
    block?.tail.dispose();
    backbone.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

const f3 = (v: number): string => v.toFixed(3);

/** transfer_search.csv, the fine-tuning curve, Grad-CAM per outcome group (up to 4 each), metrics.json and summary.md. */
async function writeTransferOutputs(out: string, model: tfl.LayersModel, test: ImageSet, probs: Float32Array, d: TransferRunDetails, config: CovidConfig, seed: number): Promise<void> {
  writeFileSync(join(out, 'transfer_search.csv'), transferCsv(d.rows));
  writeFileSync(join(out, 'fine_tune_curve.svg'), await curvesSvg('Fine-tuning the last block (train+val loss)', d.fineTuneLosses.map((loss, i) => ({ epoch: i + 1, loss, accuracy: Number.NaN }))));
  const groups = outcomeGroups(test.y, probs);
  const counts: Record<string, number> = {};
  for (const group of Object.keys(groups) as OutcomeGroup[]) {
    const shown = groups[group].slice(0, 4);
    counts[group] = groups[group].length;
    const cams = new Map(shown.map((i) => {
      const x = backboneInput(test, i, i + 1);
      try {
        return [i, gradCam(model, x, { sigmoid: 'positive', layerName: 'out_relu' })] as const;
      } finally {
        x.dispose();
      }
    }));
    writeFileSync(join(out, `gradcam_${group}.svg`), gradCamGroupSvg(group, test, probs, shown, cams, groups[group].length));
  }
  const m = d.fineTuned.metrics, h = d.head.metrics, best = d.rows.reduce((a, b) => (b.val_loss < a.val_loss ? b : a));
  writeFileSync(join(out, 'metrics.json'), JSON.stringify({ config: config.name, seed, head: d.head.metrics, fineTuned: m, groups: counts, fineTuneLosses: d.fineTuneLosses, reloadMaxDiff: d.reloadMaxDiff }, null, 2) + '\n');
  writeFileSync(join(out, 'summary.md'), [
    `# COVID-19 X-ray project, tasks 3–4 (config ${config.name}, seed ${seed})`, '',
    'Backbone: the MobileNetV2 that npm nsfwjs ships (trained on nsfwjs\'s five classes, NOT ImageNet; it stands in for ResNet50V2 offline). Data: SYNTHETIC phantoms unless a course folder was given.',
    `Head search: ${d.rows.length} runs over batch size × learning rate × dropout; best batch ${best.batchSize}, learning rate ${best.learningRate}, dropout ${best.dropout} (val_loss ${f3(best.val_loss)} at epoch ${best.best_epoch}).`,
    `Fine-tuning: the last block and the head, ${d.fineTuneLosses.length} epochs at learning rate ${best.learningRate * config.transfer.fineTuneFactor}; training loss ${d.fineTuneLosses.map(f3).join(' → ')}. Saved and reloaded: largest probability change ${d.reloadMaxDiff.toExponential(1)}.`, '',
    '| model | accuracy | sensitivity | specificity | F1 | ROC AUC |', '| --- | --- | --- | --- | --- | --- |',
    `| frozen backbone + head | ${f3(h.accuracy)} | ${f3(h.sensitivity)} | ${f3(h.specificity)} | ${f3(h.f1)} | ${f3(h.roc_auc)} |`,
    `| last block fine-tuned | ${f3(m.accuracy)} | ${f3(m.sensitivity)} | ${f3(m.specificity)} | ${f3(m.f1)} | ${f3(m.roc_auc)} |`, '',
    `Grad-CAM groups on the test set: TP ${counts.TP}, FP ${counts.FP}, TN ${counts.TN}, FN ${counts.FN} (gradcam_<group>.svg; the map explains the COVID logit of the single sigmoid output).`, '',
  ].join('\n'));
}

export function covidXrayTransferReference(options: CovidRunOptions = {}): ReferenceEntry {
  return {
    description: 'COVID-19 chest X-ray project, tasks 3-4: nsfwjs MobileNetV2, searched head, last block fine-tuned, Grad-CAM groups (tfjs)',
    run: async (config: ReferenceConfig, seed: number, outDir?: string) => (await runCovidTransfer(covidConfig(config), seed, { ...options, ...(outDir ? { workDir: outDir } : {}) })).result,
  };
}
