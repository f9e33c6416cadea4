import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { createRng } from '../../../../reference/core/seed.js';
import { generateCovidSynthetic, loadImageFolderSplit } from '../../../../reference/data/covid-synthetic/index.js';
import {
  covidConfig, createBackbone, createTransferHead, runCovidTransfer, disposeModel, extractFeatures, FEATURES, gradCam, loadImageSet, searchTransfer, transferCsv,
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

  it('Grad-CAM gives a size×size map in [0, 1], the same twice, with no leaked tensors', async () => {
    const head = createTransferHead({ batchSize: 4, learningRate: 0.001, dropout: 0.3 }, createRng(2));
    const before = tf.memory().numTensors;
    const a = await gradCam(backbone, head, train, 0);
    const b = await gradCam(backbone, head, train, 0);
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(head);
    expect(a.length).toBe(32 * 32);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect([0, 1]).toContain(Math.max(...a)); // scaled by its maximum, or all zero
  });

  it('the registered transfer run (ci) evaluates the 18 test images once and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const { result, rows } = await runCovidTransfer(covidConfig('ci'), 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(result.n).toBe(18);
    expect(result.perExample.length).toBe(18);
    expect(rows.map((r) => r.dropout)).toEqual([0.25, 0.5]);
    for (const v of Object.values(result.metrics)) expect(v).toBeGreaterThanOrEqual(0);
  });
});
