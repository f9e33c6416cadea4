import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { createRng } from '../../../../reference/core/seed.js';
import { generateCovidSynthetic, loadImageFolderSplit } from '../../../../reference/data/covid-synthetic/index.js';
import {
  backboneInput, covidConfig, exportableModel, featuresFromStem, fineTuneLastBlock, splitLastBlock, stemActivations, createBackbone, createTransferHead, runCovidTransfer, disposeModel, extractFeatures, FEATURES, loadImageSet, searchTransfer, transferCsv,
  type Backbone, type ImageSet,
} from '../../../../reference/projects/covid-xray/index.js';

let backbone: Backbone;
let train: ImageSet, val: ImageSet;

beforeAll(async () => {
  await selectBackend();
  const dir = mkdtempSync(join(tmpdir(), 'covid-transfer-'));
  await generateCovidSynthetic({ out: dir, count: 28, size: 32, seed: 11 });
  const entries = loadImageFolderSplit(dir);
  train = loadImageSet(entries.filter((e) => e.split === 'train'), 32);
  val = loadImageSet(entries.filter((e) => e.split === 'val'), 32);
  backbone = await createBackbone();
});
afterAll(() => backbone?.dispose());

describe('task 3-4 (stretch): transfer learning on the nsfwjs MobileNetV2, Grad-CAM', () => {
  it('extracts pooled out_relu features, searches a head over batch size × lr × dropout, leaks nothing', async () => {
    expect(backbone.layerName).toBe('out_relu');
    const before = tf.memory().numTensors;
    const tf1 = await extractFeatures(backbone, train, 8);
    expect(tf1.length).toBe(train.count * FEATURES);
    expect(tf1.every(Number.isFinite)).toBe(true);
    const vf = await extractFeatures(backbone, val, 8);
    const rows = await searchTransfer({ x: tf1, y: train.y, count: train.count }, { x: vf, y: val.y, count: val.count },
      { batchSize: [4, 8], learningRate: [0.001], dropout: [0.3] }, createRng(5), 2, 1);
    expect(rows.map((r) => r.batchSize)).toEqual([4, 8]);
    expect(rows.every((r) => Number.isFinite(r.val_loss))).toBe(true);
    expect(transferCsv(rows).split('\n')[0]).toBe('run,batch_size,learning_rate,dropout,best_epoch,val_loss,val_accuracy');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cached last-block activations give the same features, fine-tuning lowers the loss, the export folds the standardisation', async () => {
    const before = tf.memory().numTensors;
    const block = splitLastBlock(backbone);
    expect(block.stemShape).toEqual([7, 7, 160]);
    expect(block.tail.layers.slice(1).map((l) => l.name)[0]).toBe('block_16_expand'); // layers[0] is the tail's own input
    const stem = await stemActivations(block, train, 8);
    const viaStem = await featuresFromStem(block, stem, train.count);
    expect(Array.from(viaStem)).toEqual(Array.from(await extractFeatures(backbone, train, 8)));
    const mean = new Float32Array(FEATURES), std = new Float32Array(FEATURES).fill(1);
    for (let i = 0; i < train.count; i++) for (let j = 0; j < FEATURES; j++) mean[j]! += viaStem[i * FEATURES + j]! / train.count;
    const head = createTransferHead({ batchSize: 4, learningRate: 0.001, dropout: 0 }, createRng(3));
    const losses = await fineTuneLastBlock(block, head, { mean, std }, stem, train.y, createRng(4), { epochs: 4, batchSize: 4, learningRate: 0.001 });
    expect(losses[3]!).toBeLessThan(losses[0]!);
    // The exported model on images equals the head on standardised fine-tuned features.
    const tuned = await featuresFromStem(block, stem, train.count);
    const z = tuned.map((v, k) => (v - mean[k % FEATURES]!) / std[k % FEATURES]!);
    const expected = tf.tidy(() => (head.predict(tf.tensor2d(z, [train.count, FEATURES])) as tf.Tensor).dataSync());
    const model = exportableModel(backbone, head, { mean, std });
    const got = tf.tidy(() => (model.predict(tf.concat(Array.from({ length: train.count }, (_, i) => backboneInput(train, i, i + 1)))) as tf.Tensor).dataSync());
    for (let i = 0; i < train.count; i++) expect(got[i]!).toBeCloseTo(expected[i]!, 4);
    model.getLayer('covid_head').dispose();
    disposeModel(head);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('the registered transfer run (ci) evaluates the 18 test images once, draws each outcome group and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const work = mkdtempSync(join(tmpdir(), 'covid-transfer-run-'));
    const { result, details: { rows, reloadMaxDiff } } = await runCovidTransfer(covidConfig('ci'), 1, { workDir: work });
    expect(tf.memory().numTensors).toBe(before);
    expect(reloadMaxDiff).toBeLessThan(1e-5);
    for (const g of ['TP', 'FP', 'TN', 'FN']) expect(existsSync(join(work, `gradcam_${g}.svg`)), g).toBe(true);
    const groups = JSON.parse(readFileSync(join(work, 'metrics.json'), 'utf8')).groups as Record<string, number>;
    expect(Object.values(groups).reduce((a, b) => a + b, 0)).toBe(18);
    expect(groups.FP! + groups.FN!).toBe(result.perExample.reduce((a, b) => a + b, 0));
    expect(readFileSync(join(work, 'summary.md'), 'utf8')).toContain(result.metrics.accuracy!.toFixed(3));
    expect(result.n).toBe(18);
    expect(result.perExample.length).toBe(18);
    expect(rows.map((r) => r.dropout)).toEqual([0.25, 0.5]);
    for (const v of Object.values(result.metrics)) expect(v).toBeGreaterThanOrEqual(0);
  });
});
