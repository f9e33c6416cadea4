import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { createRng } from '../../../../reference/core/seed.js';
import {
  augmentSet, createBaselineModel, disposeModel, evaluatePredictions, fitModel, gridOf, loadImageSet, normalise, searchCsv,
  splitStatistics, toTensors, type ImageSet,
} from '../../../../reference/projects/covid-xray/index.js';
import { generateCovidSynthetic, loadImageFolderSplit } from '../../../../reference/data/covid-synthetic/index.js';

function tinySet(): ImageSet {
  // two 2×2 images: all zeros (Normal) and all ones (COVID)
  return { x: new Float32Array([0, 0, 0, 0, 1, 1, 1, 1]), y: new Float32Array([0, 1]), count: 2, size: 2, files: ['a', 'b'], storedSizes: ['2x2', '2x2'] };
}

beforeAll(async () => { await selectBackend(); });

describe('task 1: data', () => {
  it('statistics by hand, and normalisation by the training statistics only', () => {
    const s = splitStatistics(tinySet());
    expect(s).toEqual({ count: 2, imageSizes: { '2x2': 2 }, classes: { COVID: 1, Normal: 1 }, pixelMean: 0.5, pixelStd: 0.5 });
    const other = { ...tinySet(), x: new Float32Array(8).fill(0.5) };
    expect(Array.from(normalise(other, s).x)).toEqual(new Array(8).fill(0)); // (0.5 - 0.5) / 0.5
  });

  it('loads the synthetic layout at the requested size with labels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'covid-units-'));
    await generateCovidSynthetic({ out: dir, count: 20, size: 32, seed: 7 });
    const train = loadImageSet(loadImageFolderSplit(dir).filter((e) => e.split === 'train'), 16);
    expect(train.count).toBe(14);
    expect(train.x.length).toBe(14 * 16 * 16);
    expect(train.storedSizes.every((s) => s === '32x32')).toBe(true);
    expect(Array.from(train.y).filter((v) => v === 1).length).toBe(7);
    expect(Math.max(...train.x)).toBeLessThanOrEqual(1);
  });

  it('augmentation is seeded: same seed same pixels, another seed different ones', () => {
    const set = { ...tinySet(), x: Float32Array.from({ length: 2 * 64 }, (_, i) => (i * 37) % 11), size: 8, storedSizes: ['8x8', '8x8'] };
    const opts = { maxShift: 2, maxRotateDeg: 10, intensity: 0.1 };
    const a = augmentSet(set, createRng(1), opts), b = augmentSet(set, createRng(1), opts), c = augmentSet(set, createRng(2), opts);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
    expect(a.x.length).toBe(set.x.length);
  });
});

describe('task 2: model, training, evaluation', () => {
  it('has the documented shapes and leaks no tensors through fit and predict', async () => {
    const before = tf.memory().numTensors;
    const set: ImageSet = { x: Float32Array.from({ length: 8 * 16 * 16 }, (_, i) => (i % 7) / 7), y: new Float32Array([0, 1, 0, 1, 0, 1, 0, 1]), count: 8, size: 16, files: [], storedSizes: [] };
    const model = createBaselineModel(16, { filters: 2, denseUnits: 4, dropout: 0.5, learningRate: 0.01 }, createRng(3));
    expect(model.inputs[0]!.shape).toEqual([null, 16, 16, 1]);
    expect(model.outputs[0]!.shape).toEqual([null, 1]);
    const { xs, ys } = toTensors(set, [3, 1]);
    expect([xs.shape, ys.shape]).toEqual([[2, 16, 16, 1], [2, 1]]);
    expect(Array.from(await ys.data())).toEqual([1, 1]);
    tf.dispose([xs, ys]);
    const fit = await fitModel(model, set, set, createRng(4), { epochs: 3, batchSize: 4, patience: 1, augment: { maxShift: 1, maxRotateDeg: 5, intensity: 0.1 } });
    expect(fit.history.length).toBeGreaterThanOrEqual(1);
    expect(fit.history[0]).toHaveProperty('val_loss');
    disposeModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('grid covers every combination; the search CSV has dropout and val_ columns', () => {
    const combos = gridOf({ filters: [4, 8], denseUnits: [16], dropout: [0.25, 0.5], learningRate: [1e-3, 3e-3] });
    expect(combos.length).toBe(8);
    expect(new Set(combos.map((c) => JSON.stringify(c))).size).toBe(8);
    const csv = searchCsv([{ run: 1, ...combos[0]!, best_epoch: 2, epochs_run: 3, val_loss: 0.5, val_accuracy: 0.75, train_loss: 0.6 }]);
    const [head, row] = csv.trim().split('\n');
    expect(head!.split(',')).toEqual(expect.arrayContaining(['dropout', 'val_loss', 'val_accuracy', 'learning_rate']));
    expect(row!.split(',').length).toBe(head!.split(',').length);
  });

  it('evaluation uses the harness metrics: confusion, per-example errors, sampling variances', () => {
    const e = evaluatePredictions([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1]);
    expect(e.confusion).toEqual({ tp: 1, fn: 1, fp: 1, tn: 1 });
    expect(e.perExample).toEqual([0, 1, 1, 0]);
    expect(e.metrics.accuracy).toBe(0.5);
    expect(e.metrics.roc_auc).toBe(0.75);
    expect(e.samplingVariance.roc_auc).toBeGreaterThan(0);
  });
});
