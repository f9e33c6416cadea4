import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { CRANIUM_SOURCES } from '../../../../reference/data/adapters/inv3.js';
import { LAB7_MARGIN, lab7Config, runLab7, trainLab7Model, type Lab7Details } from '../../../../reference/labs/lab7-transfer/index.js';
import type { ReferenceRunResult } from '../../../../reference/registry/types.js';

const missing = CRANIUM_SOURCES.filter((s) => !existsSync(s.path)).map((s) => s.path);
if (missing.length) console.warn(`lab7 ci run skipped: invesalius-examples files missing: ${missing.join(', ')}`);
const out = mkdtempSync(join(tmpdir(), 'lab7-ci-'));
beforeAll(async () => { await selectBackend({}); });
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(missing.length > 0)('lab 7 reference, ci config, one seed', () => {
  let result: ReferenceRunResult, details: Lab7Details;

  it('runs end to end, leaks no tensors, writes figures, features.csv, metrics.json and summary.md', async () => {
    const before = tf.memory().numTensors;
    ({ result, details } = await runLab7(lab7Config('ci'), 1, out));
    expect(tf.memory().numTensors - before).toBe(0);
    for (const f of ['training_curves.svg', 'size_effect.svg', 'time_per_approach.svg', 'roc.svg', 'features.csv', 'metrics.json', 'summary.md']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(readFileSync(join(out, 'roc.svg'), 'utf8')).toContain('<svg');
    expect(result.n).toBe(details.counts.test);
    expect(result.perExample).toHaveLength(details.counts.test);
    expect(details.results.map((r) => `${r.approach}@${r.fraction}`).sort()).toEqual(
      ['feature_extraction@0.5', 'feature_extraction@1', 'fine_tuning@1', 'random_forest@0.5', 'random_forest@1', 'svm@0.5', 'svm@1']);
  }, 600_000);

  it('beats the majority class by the stated margin (balanced accuracy and AUC over 0.5), SVM and RF included', () => {
    for (const r of details.results.filter((x) => x.fraction === 1 && x.approach !== 'fine_tuning')) {
      expect(r.balanced_accuracy - 0.5, r.approach).toBeGreaterThanOrEqual(LAB7_MARGIN);
      expect(r.roc_auc - 0.5, r.approach).toBeGreaterThanOrEqual(LAB7_MARGIN);
    }
    expect(result.metrics['svm_roc_auc']).toBeGreaterThan(0.5);
    expect(result.metrics['random_forest_roc_auc']).toBeGreaterThan(0.5);
  });

  it('features.csv holds every slice with the feature columns, and the summary states the run\'s own numbers', () => {
    const lines = readFileSync(join(out, 'features.csv'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1 + details.counts.train + details.counts.val + details.counts.test);
    expect(lines[0]!.split(',')).toHaveLength(3 + details.featureCount);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const r of details.results) expect(summary).toContain(`| ${r.trainCount} | ${r.accuracy.toFixed(3)} | ${r.balanced_accuracy.toFixed(3)} | ${r.roc_auc.toFixed(3)} |`);
    expect(summary).toContain(details.majority.toFixed(3));
    expect(summary).toContain(`at least ${LAB7_MARGIN}`);
  });

  it('gives lab 8 a composed model whose scores equal its head\'s on the cached features, and frees it', async () => {
    const before = tf.memory().numTensors;
    const trained = await trainLab7Model('ci', 1);
    expect(trained.model.outputs[0]!.shape).toEqual([null, 1]);
    expect(trained.test.count).toBe(details.counts.test);
    expect(trained.featureScores).toHaveLength(trained.test.count);
    trained.testScores.forEach((p, i) => expect(p).toBeCloseTo(trained.featureScores[i]!, 3));
    const input = tf.tidy(() => trained.toInput(tf.zeros([1, trained.test.size, trained.test.size, 1])));
    expect(input.shape).toEqual([1, 224, 224, 3]);
    input.dispose();
    trained.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  }, 300_000);
});
