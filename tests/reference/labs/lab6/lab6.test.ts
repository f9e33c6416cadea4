import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { createRng } from '../../../../reference/core/seed.js';
import { NITIME_SOURCES } from '../../../../reference/data/adapters/tables.js';
import { LAB6_BALANCED_MARGIN, buildWindows, createSequenceModel, lab6Config, runLab6 } from '../../../../reference/labs/lab6-rnn/index.js';

const missing = NITIME_SOURCES.filter((s) => !existsSync(s.path)).map((s) => s.path);
if (missing.length) console.warn(`lab6 tests skipped: python3-nitime data missing: ${missing.join(', ')}`);
const out = mkdtempSync(join(tmpdir(), 'lab6-test-'));
beforeAll(async () => { await selectBackend({ prefer: 'wasm' }); });
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(missing.length > 0)('lab 6 reference: LSTM/GRU vs dense on nitime BOLD', () => {
  it('builds windows with event-onset labels and a time split that shares no sample', () => {
    const d = buildWindows(10, 0.7);
    expect(d.samples).toBe(3360);
    expect(d.events).toBe(576);
    expect(d.train.x.length).toBe(d.train.count * 10);
    expect(d.train.shape).toEqual([10, 1]);
    // count windows = 3351; train = first 70 %, test starts `window` windows later.
    expect(d.train.count + 10 + d.test.count).toBe(3360 - 10 + 1);
    const rate = d.test.y.reduce((a, b) => a + b, 0) / d.test.count;
    expect(rate).toBeGreaterThan(0.1);
    expect(rate).toBeLessThan(0.3);
  });

  it('gives each model one sigmoid output', () => {
    for (const kind of ['lstm', 'gru', 'dense'] as const) {
      const m = createSequenceModel(kind, 10, 4, createRng(1), 0.01);
      expect(m.outputs[0]!.shape).toEqual([null, 1]);
      m.dispose();
    }
  });

  it('ci run: LSTM and GRU beat the majority class by the stated margin, no tensor leaks, summary has the run numbers', async () => {
    const before = tf.memory().numTensors;
    const { result, details: d } = await runLab6(lab6Config('ci'), 1, out);
    expect(tf.memory().numTensors).toBe(before);
    console.warn(`lab6 ci seed 1 (${result.backend}): ${JSON.stringify(result.metrics)}`);
    for (const k of ['lstm', 'gru'] as const) {
      expect(d.models[k].balanced_accuracy).toBeGreaterThanOrEqual(0.5 + LAB6_BALANCED_MARGIN);
      expect(d.models[k].roc_auc).toBeGreaterThan(0.7);
    }
    expect(result.n).toBe(result.perExample.length);
    expect(result.metrics['roc_auc']).toBe(d.models.lstm.roc_auc);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const k of ['lstm', 'gru', 'dense'] as const) {
      expect(summary).toContain(d.models[k].roc_auc.toFixed(3));
      expect(summary).toContain(d.models[k].balanced_accuracy.toFixed(3));
    }
    expect(summary).toContain(d.majority.toFixed(3));
    expect(readFileSync(join(out, 'predictions.svg'), 'utf8')).toContain('<svg');
  }, 240_000);
});
