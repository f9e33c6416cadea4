import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { lab2Config, loadDigits, runLab2 } from '../../../../reference/labs/lab2-mlp/index.js';

beforeAll(async () => { await selectBackend({ prefer: 'wasm' }); });

describe('lab 2 reference, ci config', () => {
  it('reads the real digits', () => {
    const { table } = loadDigits();
    expect([table.n, table.p]).toEqual([1797, 64]);
    expect(Math.max(...table.x)).toBe(1);
    expect(new Set(table.y).size).toBe(10);
  });

  it('compares variants, leaks no tensors, beats the majority class by the stated margin and summarises its own numbers', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab2-test-'));
    try {
      const before = tf.memory().numTensors;
      const a = await runLab2('ci', 3, out, { prefer: 'wasm' });
      expect(tf.memory().numTensors).toBe(before);
      console.warn(`lab2 ci seed 3 on ${a.backend}: ${JSON.stringify(a.test)}`);
      const c = lab2Config('ci');

      expect(a.sizes.train + a.sizes.val + a.sizes.test).toBe(1797);
      expect(a.reference.perExample.length).toBe(a.sizes.test);
      expect(a.comparison.length).toBe(1 + c.variants.length);
      expect(new Set(a.comparison.map((r) => r.activation))).toEqual(new Set(['relu', 'tanh', 'sigmoid']));
      expect(new Set(a.comparison.map((r) => r.optimizer))).toEqual(new Set(['adam', 'sgd', 'rmsprop']));
      expect(new Set(a.comparison.map((r) => r.loss))).toEqual(new Set(['categoricalCrossentropy', 'meanSquaredError']));
      for (const curve of Object.values(a.curves)) expect(curve.every((p) => Number.isFinite(p.train_loss))).toBe(true);

      expect(a.test.accuracy).toBeGreaterThan(a.test.majority_accuracy + c.margin);
      expect(a.test.roc_auc).toBeGreaterThan(0.9);
      // The tiny model underfits: it fits its training set worse than the wide one.
      const [under, over] = a.regularisation;
      expect(under!.train_accuracy).toBeLessThan(over!.train_accuracy);

      const summary = readFileSync(join(out, 'summary.md'), 'utf8');
      for (const v of [a.test.accuracy, a.test.majority_accuracy, a.test.roc_auc, over!.val_accuracy]) expect(summary).toContain(v.toFixed(3));
      const csv = readFileSync(join(out, 'comparison.csv'), 'utf8').trim().split('\n');
      expect(csv.length).toBe(1 + a.comparison.length);
      for (const f of ['training_curves.svg', 'regularisation_curves.svg']) expect(readFileSync(join(out, f), 'utf8')).toMatch(/^<svg/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
