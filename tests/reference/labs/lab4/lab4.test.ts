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
  LAB4_BASELINE_MARGIN, LAB4_CLASSES, createUnet, downsampleImage, downsampleMask, lab4Config, loadItkSlices, predictSlices,
  runLab4, samplePatches, scoreSlices, softDiceLoss, splitSlices, upsampleMask,
} from '../../../../reference/labs/lab4-unet/index.js';

const missing = ITK_SOURCES.filter((s) => !existsSync(s.path)).map((s) => s.path);
if (missing.length) console.warn(`lab4 data tests skipped: insighttoolkit5-examples files missing: ${missing.join(', ')}`);
const out = mkdtempSync(join(tmpdir(), 'lab4-test-'));
beforeAll(async () => { await selectBackend({ prefer: 'wasm' }); });
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('lab 4 pieces', () => {
  it('splits slabs with a gap: no test or val slice next to a training slice', () => {
    const s = splitSlices(62, 5, 1);
    const all = [...s.train, ...s.val, ...s.test];
    expect(new Set(all).size).toBe(all.length);
    expect(s.test.length).toBeGreaterThan(4);
    expect(s.val.length).toBeGreaterThan(4);
    for (const z of [...s.test, ...s.val]) expect(s.train.includes(z - 1) || s.train.includes(z + 1)).toBe(false);
    for (const z of s.test) expect(s.val.includes(z - 1) || s.val.includes(z + 1)).toBe(false);
  });

  it('resizes images by block mean, masks by majority vote, and upsamples by nearest neighbour', () => {
    expect(Array.from(downsampleImage(Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]), 4, 2))).toEqual([2.5, 4.5, 10.5, 12.5]);
    // top-left block: classes 1,1,2,0 → 1; top-right: 3,3,3,0 → 3; bottom-left 0,0,2,2 → tie → 0; bottom-right all 4.
    const mask = Uint8Array.from([1, 1, 3, 3, 2, 0, 3, 0, 0, 0, 4, 4, 2, 2, 4, 4]);
    expect(Array.from(downsampleMask(mask, 4, 2, 5))).toEqual([1, 3, 0, 4]);
    expect(Array.from(upsampleMask(Uint8Array.from([1, 2, 3, 4]), 2, 4))).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    expect(() => downsampleImage(new Float32Array(9), 3, 2)).toThrow(/integer factor/);
  });

  it('builds a U-Net that maps [n,p,p,1] to a softmax over the classes, without leaking tensors', () => {
    const before = tf.memory().numTensors;
    const model = createUnet(32, 5, 4, createRng(1));
    expect(model.outputs[0]!.shape).toEqual([null, 32, 32, 5]);
    const sums = tf.tidy(() => tf.sum(model.predict(tf.zeros([2, 32, 32, 1])) as tf.Tensor, -1).dataSync());
    for (const v of sums) expect(v).toBeCloseTo(1, 4);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => createUnet(30, 5, 4, createRng(1))).toThrow(/divisible by 4/);
  });

  it('soft Dice loss is about 0 for a perfect prediction and about 1 for a disjoint one', () => {
    const y = tf.tensor4d([1, 0, 0, 1, 1, 0, 0, 1], [1, 2, 2, 2]);
    const wrong = tf.tensor4d([0, 1, 1, 0, 0, 1, 1, 0], [1, 2, 2, 2]);
    expect(softDiceLoss(y, y).dataSync()[0]).toBeCloseTo(0, 5);
    // Each class: (2·0 + 1) / (2 + 2 + 1) = 0.2, so the loss is 0.8.
    expect(softDiceLoss(y, wrong).dataSync()[0]).toBeCloseTo(0.8, 5);
    tf.dispose([y, wrong]);
  });
});

describe.skipIf(missing.length > 0)('lab 4 reference on the ITK T1', () => {
  it('loads real slices with every class in the training split and draws one-hot patches', () => {
    const d = loadItkSlices();
    expect(d.size).toBe(128);
    const seen = new Set<number>();
    for (const s of d.slices.train) s.mask.forEach((c) => seen.add(c));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
    const b = samplePatches(createRng(2), d.slices.train, 4, 32, 5);
    expect(b.x.length).toBe(4 * 32 * 32);
    let ones = 0;
    b.y.forEach((v) => { ones += v; });
    expect(ones).toBe(4 * 32 * 32);
  });

  it('tiles prediction back into whole slices', () => {
    const d = loadItkSlices();
    const model = createUnet(32, 5, 4, createRng(1));
    const pred = predictSlices(model, d.slices.test.slice(0, 2), 32);
    model.dispose();
    expect(pred.map((p) => p.length)).toEqual([128 * 128, 128 * 128]);
    const perfect = scoreSlices(d.slices.test.map((s) => s.mask), d.slices.test, 5);
    expect(perfect.meanDice).toBe(1);
  });

  it('ci run: beats the mean mask by the stated margin, leaks no tensors, writes its own numbers', async () => {
    const before = tf.memory().numTensors;
    const t0 = Date.now();
    const { result, details: d } = await runLab4(lab4Config('ci'), 1, out, 'wasm');
    expect(tf.memory().numTensors).toBe(before);
    const best = d.runs[d.selected];
    console.warn(`lab4 ci seed 1 (${result.backend}, ${((Date.now() - t0) / 1000).toFixed(1)} s): CE ${d.runs.cross_entropy.test.meanDice.toFixed(3)} Dice ${d.runs.dice.test.meanDice.toFixed(3)} baseline ${d.baseline.meanDice.toFixed(3)} selected ${d.selected}`);
    expect(best.test.meanDice).toBeGreaterThanOrEqual(d.baseline.meanDice + LAB4_BASELINE_MARGIN);
    expect(result.metrics['mean_dice']).toBe(best.test.meanDice);
    for (const c of LAB4_CLASSES) expect(result.metrics[`dice_${c}`]).toBeGreaterThan(0);
    expect(result.n).toBe(d.slices.test.length);
    expect(result.perExample.length).toBe(result.n);
    expect(result.synthetic).toBe(false);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const v of [d.runs.cross_entropy.test.meanDice, d.runs.dice.test.meanDice, d.baseline.meanDice, best.test.meanDice - d.baseline.meanDice]) expect(summary).toContain(v.toFixed(3));
    expect(summary).toContain(`${d.slices.train.length} train, ${d.slices.val.length} validation, ${d.slices.test.length} test slices`);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { selected: string };
    expect(metrics.selected).toBe(d.selected);
    const overlays = PNG.sync.read(readFileSync(join(out, 'overlays.png')));
    expect(overlays.width).toBeGreaterThan(5 * 128);
    for (const f of ['patches.png', 'curves.svg', 'dice_per_class.svg']) expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'dice_per_class.svg'), 'utf8')).toContain('grey_matter');
  }, 240_000);
});
