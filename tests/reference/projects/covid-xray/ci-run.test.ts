import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { covidConfig, runCovidXray } from '../../../../reference/projects/covid-xray/index.js';

let backend = '';
beforeAll(async () => { backend = (await selectBackend()).name; });

describe('covid-xray reference, ci config, seed 1', () => {
  it('reproduces every metric exactly on the same backend, beats the majority class and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const a = await runCovidXray(covidConfig('ci'), 1);
    const afterFirst = tf.memory().numTensors;
    const work = mkdtempSync(join(tmpdir(), 'covid-ci-'));
    const b = await runCovidXray(covidConfig('ci'), 1, { workDir: work });
    console.warn(`ci seed 1 on ${backend}: ${JSON.stringify(a.result.metrics)}`);

    expect(afterFirst).toBe(before);
    expect(tf.memory().numTensors).toBe(before);
    expect(b.result.metrics).toEqual(a.result.metrics);
    expect(b.result.perExample).toEqual(a.result.perExample);
    expect(b.details.search.rows).toEqual(a.details.search.rows);

    const { COVID, Normal } = a.details.statistics.test.classes;
    const majority = Math.max(COVID, Normal) / (COVID + Normal);
    expect(a.result.metrics['accuracy']).toBeGreaterThan(majority);
    expect(a.result.metrics['roc_auc']).toBeGreaterThan(0.5);

    expect(a.result.n).toBe(a.result.perExample.length);
    expect(a.details.search.rows.length).toBe(2); // ci: two dropout values
    expect(a.details.reloadMaxDiff).toBeLessThan(1e-6); // save → reload gives the same predictions
    expect(a.details.statistics.train.imageSizes).toEqual({ '64x64': 84 });
    expect(a.result.backend).toBe(backend);

    // The second run kept its outputs: task 1-2 figures, CSVs and a summary that states its numbers.
    expect(readdirSync(work)).toEqual(expect.arrayContaining(['statistics.csv', 'samples.svg', 'augmentations.svg', 'curves_search_best.svg', 'curves_final.svg', 'confusion.svg', 'predictions.svg', 'baseline_search.csv', 'summary.md', 'metrics.json']));
    const summary = readFileSync(join(work, 'summary.md'), 'utf8');
    expect(summary).toContain(`| ${b.result.metrics['accuracy']!.toFixed(3)} | ${b.result.metrics['sensitivity']!.toFixed(3)} |`);
    expect(readFileSync(join(work, 'statistics.csv'), 'utf8').split('\n')[1]).toMatch(/^train,84,42,42,64x64:84,/);
    expect((readFileSync(join(work, 'augmentations.svg'), 'utf8').match(/<image /g) ?? []).length).toBe(9); // original + 4 augmentations × 2
  });
});
