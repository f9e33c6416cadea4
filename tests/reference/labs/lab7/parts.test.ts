import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rocAuc } from '../../../../harness/metrics/index.js';
import { selectBackend } from '../../../../reference/core/backend.js';
import { createRng } from '../../../../reference/core/seed.js';
import {
  buildTail, createHead, fitForest, fitSvm, openBackbone, predictRows, readFeatureCsv, stratifiedSubset, trainLoop, writeFeatureCsv,
  type Lab7Backbone,
} from '../../../../reference/labs/lab7-transfer/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lab7-parts-'));
let backbone: Lab7Backbone;
beforeAll(async () => { await selectBackend({ prefer: 'wasm' }); backbone = await openBackbone(); }, 60_000);
afterAll(() => { backbone?.dispose(); rmSync(dir, { recursive: true, force: true }); });

/** Two Gaussian classes in `dims` dimensions, class 1 shifted by `shift` along the first 5 axes. */
function blobs(n: number, dims: number, shift: number, seed: number): { x: number[][]; y: number[] } {
  const rng = createRng(seed), x: number[][] = [], y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 4 === 0 ? 1 : 0; // 25 % positives, like the lab's imbalance
    x.push(Array.from({ length: dims }, (_, j) => rng.normal() + (c && j < 5 ? shift : 0))); y.push(c);
  }
  return { x, y };
}

describe('lab 7 parts: backbone, tail, features table, classical models', () => {
  it('finds the last block of MobileNetV2 and the tail reproduces the backbone from the cut (no leaked tensors)', () => {
    expect(backbone.layerName).toBe('block_16_project_BN');
    expect(backbone.cutName).toBe('block_15_add');
    expect(backbone.cutShape).toEqual([7, 7, 160]);
    expect(backbone.featureCount).toBe(320);
    const tail = buildTail(backbone);
    const before = tf.memory().numTensors;
    const diff = tf.tidy(() => {
      const img = tf.randomUniform([2, backbone.inputSize, backbone.inputSize, 3], 0, 1, 'float32', 7);
      const [cut, last] = backbone.extractor.predict(img) as tf.Tensor4D[];
      expect(last!.shape).toEqual([2, 7, 7, 320]);
      return tf.max(tf.abs(tf.sub(tail.predict(cut!) as tf.Tensor, last!))).dataSync()[0]!;
    });
    expect(diff).toBeLessThan(1e-3);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('trains a head on features with the seeded loop: shapes, learns a separable set, leaks no tensors', async () => {
    const { x, y } = blobs(80, 16, 3, 1), v = blobs(40, 16, 3, 2);
    const rows = (s: { x: number[][]; y: number[] }) => ({ x: Float32Array.from(s.x.flat()), y: Float32Array.from(s.y), count: s.y.length, shape: [16] });
    const before = tf.memory().numTensors;
    const head = createHead(16, 0.2, createRng(3));
    const id = (t: tf.Tensor): tf.Tensor2D => t as tf.Tensor2D;
    const { history } = await trainLoop(head, id, [], rows({ x, y }), rows(v), { epochs: 15, batchSize: 16, learningRate: 0.01 }, createRng(4));
    expect(history).toHaveLength(15);
    expect(history.at(-1)!.loss).toBeLessThan(history[0]!.loss);
    const p = await predictRows(head, id, rows(v));
    expect(p).toHaveLength(40);
    expect(rocAuc(v.y, Array.from(p))).toBeGreaterThan(0.9);
    head.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('writes the features to CSV and reads back the same table', () => {
    const file = join(dir, 'features.csv');
    writeFeatureCsv(file, [
      { id: 'p001_s01', split: 'train', label: 1, features: Float32Array.from([0.125, 2.5, 1e-3]) },
      { id: 'p002_s01', split: 'test', label: 0, features: [3, 0, -1.75] },
    ]);
    const t = readFeatureCsv(file);
    expect(t.ids).toEqual(['p001_s01', 'p002_s01']);
    expect(t.splits).toEqual(['train', 'test']);
    expect(t.y).toEqual([1, 0]);
    expect(t.x).toEqual([[0.125, 2.5, 0.001], [3, 0, -1.75]]);
  });

  it('SVM and random forest trained on features beat chance on held-out rows; same seed, same scores', () => {
    const train = blobs(120, 40, 1.5, 5), test = blobs(80, 40, 1.5, 6);
    const svm = fitSvm(train.x, train.y, { C: 1, sigma: 1 }, createRng(1));
    const forest = fitForest(train.x, train.y, { nEstimators: 20, maxFeatures: 0.3 }, createRng(1));
    for (const m of [svm, forest]) {
      const s = m.score(test.x);
      expect(s.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(rocAuc(test.y, s)).toBeGreaterThan(0.8);
    }
    expect(fitForest(train.x, train.y, { nEstimators: 20, maxFeatures: 0.3 }, createRng(1)).score(test.x)).toEqual(forest.score(test.x));
  });

  it('draws stratified, nested training subsets', () => {
    const y = Array.from({ length: 100 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const quarter = stratifiedSubset(y, 0.25, createRng(9)), half = stratifiedSubset(y, 0.5, createRng(9));
    expect(quarter.filter((i) => y[i] === 1)).toHaveLength(5);
    expect(quarter).toHaveLength(25);
    expect(half).toHaveLength(50);
    expect(quarter.every((i) => half.includes(i))).toBe(true);
  });
});
