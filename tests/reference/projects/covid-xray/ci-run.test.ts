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
    const b = await runCovidXray(covidConfig('ci'), 1);
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
  });
});
