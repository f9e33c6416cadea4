import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { createRng } from '../../../../reference/core/seed.js';
import { CRANIUM_SOURCES } from '../../../../reference/data/adapters/inv3.js';
import {
  LAB5_AUGMENT, LAB5_GRADCAM_LAYER, LAB5_MARGINS, augmentImage, balancedClassWeights, createLab5Cnn, lab5Config, runLab5,
  type Lab5Details,
} from '../../../../reference/labs/lab5-classification/index.js';

const haveCt = existsSync(CRANIUM_SOURCES[0]!.path);
if (!haveCt) console.warn(`lab5 tests skipped: ${CRANIUM_SOURCES[0]!.path} is missing (apt-get install invesalius-examples)`);
const out = mkdtempSync(join(tmpdir(), 'lab5-test-'));
beforeAll(async () => { await selectBackend(); });
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('lab 5 building blocks', () => {
  it('augments without flips: zero-strength augmentation is the identity, and values stay in [0, 1]', () => {
    const img = Float32Array.from({ length: 16 * 16 }, (_, i) => (i % 16) / 15);
    const same = augmentImage(img, 16, createRng(1), { maxRotateDeg: 0, maxShift: 0, contrast: 0, brightness: 0, noise: 0 });
    expect(Array.from(same)).toEqual(Array.from(img).map((v) => Math.fround(v)));
    const a = augmentImage(img, 16, createRng(2), LAB5_AUGMENT), b = augmentImage(img, 16, createRng(2), LAB5_AUGMENT);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    // A left-right gradient keeps its direction (a flip would reverse it).
    expect(a[8 * 16 + 14]!).toBeGreaterThan(a[8 * 16 + 1]!);
  });

  it('weighs both classes equally with balanced class weights', () => {
    const w = balancedClassWeights([1, 0, 0, 0, 0]);
    expect(w[1] * 1).toBeCloseTo(w[0] * 4, 10);
    expect(w[0]).toBeCloseTo(5 / 8, 10);
  });

  it('builds a CNN with one sigmoid output and a last_conv layer for Grad-CAM, without leaking tensors', () => {
    const before = tf.memory().numTensors;
    const m = createLab5Cnn(64, createRng(1));
    expect(m.outputs[0]!.shape).toEqual([null, 1]);
    expect(m.getLayer(LAB5_GRADCAM_LAYER).outputShape).toEqual([null, 16, 16, 32]);
    const y = tf.tidy(() => (m.predict(tf.zeros([2, 64, 64, 1])) as tf.Tensor).shape);
    expect(y).toEqual([2, 1]);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.skipIf(!haveCt)('lab 5 reference, ci configuration', () => {
  let details: Lab5Details;
  let metrics: Record<string, number>;
  let leaked = 0;
  beforeAll(async () => {
    const before = tf.memory().numTensors;
    const r = await runLab5(lab5Config('ci'), 1, out);
    leaked = tf.memory().numTensors - before;
    details = r.details; metrics = r.result.metrics;
    expect(r.result.perExample.length).toBe(r.result.n);
    expect(r.result.synthetic).toBe(true);
  }, 600_000);

  it('leaks no tensors and splits by patient with 20% lesions in every split', () => {
    expect(leaked).toBe(0);
    for (const s of ['train', 'val', 'test'] as const) {
      expect(details.counts[s].lesions).toBe(Math.round(0.2 * details.counts[s].slices));
    }
    expect(details.counts.train.patients + details.counts.val.patients + details.counts.test.patients).toBe(120);
  });

  it(`beats the majority class by the stated margins (balanced accuracy +${LAB5_MARGINS.balancedAccuracy}, AUC +${LAB5_MARGINS.rocAuc})`, () => {
    expect(details.majority.sensitivity).toBe(0);
    expect(details.majority.balanced_accuracy).toBe(0.5);
    expect(metrics.balanced_accuracy!).toBeGreaterThanOrEqual(0.5 + LAB5_MARGINS.balancedAccuracy);
    expect(metrics.roc_auc!).toBeGreaterThanOrEqual(0.5 + LAB5_MARGINS.rocAuc);
  });

  it('raises sensitivity with class weights compared with no imbalance handling', () => {
    expect(details.weighted.sensitivity).toBeGreaterThan(details.unweighted.sensitivity);
    expect(details.weighted.balanced_accuracy).toBeGreaterThan(details.unweighted.balanced_accuracy);
  });

  it('writes figures, metrics.json and a summary that states the run\'s own numbers', () => {
    for (const f of ['training_curves.svg', 'roc.svg', 'confusion_unweighted.svg', 'confusion_weighted.svg', 'augmentation.png', 'metrics.json', 'summary.md']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    const w = details.weighted, u = details.unweighted;
    for (const v of [w.accuracy, w.sensitivity, w.specificity, w.balanced_accuracy, w.roc_auc, u.sensitivity, u.roc_auc, details.majority.accuracy]) {
      expect(summary).toContain(v.toFixed(3));
    }
    expect(summary).toMatch(/SYNTHETIC lesions in REAL anatomy/);
    const c = w.confusion;
    expect(summary).toContain(`${c.tp}/${c.fn}/${c.fp}/${c.tn}`);
    expect(readFileSync(join(out, 'roc.svg'), 'utf8')).toMatch(/class-weighted \(AUC/);
  });
});
