import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { createRng } from '../../../../reference/core/seed.js';
import { fitStandardiser, lab1Config, loadBreastCancer, runLab1, standardise, stratifiedSplit, subset } from '../../../../reference/labs/lab1-supervised/index.js';

beforeAll(async () => { await selectBackend({ prefer: 'wasm' }); });

describe('lab 1 data', () => {
  it('splits the real table stratified and disjoint, and standardises with train statistics', () => {
    const { table } = loadBreastCancer();
    expect([table.n, table.p]).toEqual([569, 30]);
    expect(Array.from(table.y).filter((v) => v === 1).length).toBe(212); // malignant
    const s = stratifiedSplit(table.y, createRng(3), { val: 0.2, test: 0.2 });
    const all = [...s.train, ...s.val, ...s.test];
    expect(new Set(all).size).toBe(569);
    const frac = (idx: number[]): number => idx.filter((i) => table.y[i] === 1).length / idx.length;
    expect(Math.abs(frac(s.train) - frac(s.test))).toBeLessThan(0.02);
    const train = standardise(subset(table, s.train), fitStandardiser(subset(table, s.train)));
    const col0 = Array.from({ length: train.n }, (_, i) => train.x[i * 30]!);
    expect(Math.abs(col0.reduce((a, b) => a + b, 0) / train.n)).toBeLessThan(1e-4);
    // The test split is scaled with train statistics, so its mean is not forced to 0.
    const test = standardise(subset(table, s.test), fitStandardiser(subset(table, s.train)));
    expect(test.x.length).toBe(s.test.length * 30);
  });
});

describe('lab 1 reference, ci config', () => {
  it('is deterministic, leaks no tensors, beats the majority class by the stated margin and summarises its own numbers', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab1-test-'));
    try {
      const before = tf.memory().numTensors;
      const a = await runLab1('ci', 7, out, { prefer: 'wasm' });
      expect(tf.memory().numTensors).toBe(before);
      const b = await runLab1('ci', 7, undefined, { prefer: 'wasm' });
      expect(b.models).toEqual(a.models);
      expect(b.reference.perExample).toEqual(a.reference.perExample);
      console.warn(`lab1 ci seed 7 on ${a.backend}: ${JSON.stringify(a.models)}`);

      expect(a.sizes.train + a.sizes.val + a.sizes.test).toBe(569);
      expect(a.reference.n).toBe(a.sizes.test);
      expect(a.reference.perExample.length).toBe(a.sizes.test);
      expect(a.reference.synthetic).toBe(false);
      expect(a.capacityRows.map((r) => r.hidden)).toEqual(lab1Config('ci').capacity);
      expect(a.learningRows.length).toBe(lab1Config('ci').trainFractions.length);
      expect(a.learningRows[0]!.train_size).toBeLessThan(a.learningRows[a.learningRows.length - 1]!.train_size);

      const margin = lab1Config('ci').margin;
      expect(a.models.mlp.accuracy).toBeGreaterThan(a.models.majority.accuracy + margin);
      expect(a.models.logistic.accuracy).toBeGreaterThan(a.models.majority.accuracy + margin);
      expect(a.models.mlp.roc_auc).toBeGreaterThan(0.9);

      const summary = readFileSync(join(out, 'summary.md'), 'utf8');
      for (const v of [a.models.mlp.accuracy, a.models.majority.accuracy, a.models.logistic.roc_auc, a.models.mlp.sensitivity]) expect(summary).toContain(v.toFixed(3));
      const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
      expect(metrics.test.mlp.accuracy).toBe(a.models.mlp.accuracy);
      for (const f of ['capacity.svg', 'learning_curve.svg']) expect(readFileSync(join(out, f), 'utf8')).toMatch(/^<svg/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
