import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { createRng } from '../../../../reference/core/seed.js';
import { ITK_SOURCES } from '../../../../reference/data/adapters/volumes.js';
import {
  LAB3_MAJORITY_MARGIN, createCnn, createDense, lab3Config, runLab3, samplePatches,
} from '../../../../reference/labs/lab3-cnn/index.js';
import { tilesToPng } from '../../../../reference/core/figures/tiles.js';

const missing = ITK_SOURCES.filter((s) => !existsSync(s.path)).map((s) => s.path);
if (missing.length) console.warn(`lab3 tests skipped: insighttoolkit5-examples files missing: ${missing.join(', ')}`);
const out = mkdtempSync(join(tmpdir(), 'lab3-test-'));
beforeAll(async () => { await selectBackend({ prefer: 'wasm' }); });
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(missing.length > 0)('lab 3 reference: CNN vs dense on ITK T1 patches', () => {
  it('samples patches of the configured shape with both classes, train and test from different slices', () => {
    const d = samplePatches(createRng(3), 200, 100, 15);
    expect(d.train.x.length).toBe(200 * 15 * 15);
    expect(d.test.x.length).toBe(100 * 15 * 15);
    expect(d.train.shape).toEqual([15, 15, 1]);
    expect(new Set(d.train.y)).toEqual(new Set([0, 1]));
    expect(d.positiveLabels.length).toBeGreaterThan(0);
    expect(d.positiveLabels.some((l) => d.negativeLabels.includes(l))).toBe(false);
  });

  it('builds the two models with similar parameter counts (within 5 %)', () => {
    const cnn = createCnn(15, createRng(1)), dense = createDense(15, createRng(1));
    expect(Math.abs(cnn.countParams() - dense.countParams()) / cnn.countParams()).toBeLessThan(0.05);
    expect(cnn.outputs[0]!.shape).toEqual([null, 1]);
    cnn.dispose(); dense.dispose();
  });

  it('tiles values into a PNG of the expected size', () => {
    const png = PNG.sync.read(tilesToPng([new Float32Array(9).map((_, i) => i), new Float32Array(9)], 3, 3, 4, 2));
    expect([png.width, png.height]).toEqual([2 * 13 + 1, 13 + 1]);
  });

  it('ci run: beats the majority class by the stated margin, leaks no tensors, is reproducible, writes its own numbers', async () => {
    const before = tf.memory().numTensors;
    const a = await runLab3(lab3Config('ci'), 1, out);
    expect(tf.memory().numTensors).toBe(before);
    const b = await runLab3(lab3Config('ci'), 1);
    expect(b.result.metrics).toEqual(a.result.metrics);
    const d = a.details;
    console.warn(`lab3 ci seed 1 (${a.result.backend}): cnn ${JSON.stringify({ ...d.cnn, losses: undefined })} dense acc ${d.dense.accuracy} majority ${d.majority}`);
    expect(d.cnn.accuracy).toBeGreaterThanOrEqual(d.majority + LAB3_MAJORITY_MARGIN);
    expect(d.dense.accuracy).toBeGreaterThanOrEqual(d.majority + LAB3_MAJORITY_MARGIN);
    expect(a.result.n).toBe(a.result.perExample.length);
    expect(a.result.synthetic).toBe(false);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const v of [d.cnn.accuracy, d.dense.accuracy, d.cnn.roc_auc, d.majority]) expect(summary).toContain(v.toFixed(3));
    expect(summary).toContain(`| CNN | ${d.cnn.params} |`);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { cnn: { accuracy: number } };
    expect(metrics.cnn.accuracy).toBe(d.cnn.accuracy);
    const filters = PNG.sync.read(readFileSync(join(out, 'filters.png')));
    expect(filters.width).toBeGreaterThan(8 * 3 * 16);
    expect(existsSync(join(out, 'feature_maps.png'))).toBe(true);
  }, 120_000);
});
