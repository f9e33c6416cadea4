import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRubric } from '../../harness/rubric/load.js';
import type { Rubric } from '../../harness/rubric/schema.js';
import { KERAS_BACKBONE_FILE } from '../../reference/labs/lab7-transfer/keras/keras-backbone.js';
import { kerasPython, NO_KERAS } from '../fixtures/keras-python.js';
import { prepareData } from '../../harness/pipeline/data.js';
import { sourcesPresent } from '../../reference/data/adapters/source.js';
import { BREAST_CANCER_SOURCES } from '../../reference/data/adapters/tables.js';

const ROOT = join(import.meta.dirname, '../..');
const present = sourcesPresent(BREAST_CANCER_SOURCES);
if (!present) console.warn('prepareData table test skipped: python3-sklearn data files are missing');

describe.skipIf(!present)('prepareData with a table rubric (lab 1)', () => {
  it('gives train only train/ and val/, and predict a label-free test.csv whose ids are the truth keys', async () => {
    const { rubric } = loadRubric(join(ROOT, 'rubrics/lab1.yaml'));
    rubric.task.datasetOptions = { ...rubric.task.datasetOptions, count: 60 };
    const root = mkdtempSync(join(tmpdir(), 'prepare-'));
    const data = await prepareData(rubric, join(root, 'cache'), join(root, 'batch'));
    expect(readdirSync(data.trainView).sort()).toEqual(['train', 'val']);
    expect(existsSync(join(data.trainView, 'train', 'data.csv'))).toBe(true);
    expect(readdirSync(data.hiddenTest)).toEqual(['test.csv']);
    const lines = readFileSync(join(data.hiddenTest, 'test.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).not.toMatch(/label/);
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual([...data.labels.keys()].sort());
    expect(new Set(data.labels.values())).toEqual(new Set(['benign', 'malignant']));
    expect(data.hidden.truth).toBe(data.labels);
  }, 120_000);
});

const keras = await kerasPython();
if (!keras) console.warn(`prepareData pretrained test skipped: ${NO_KERAS}`);

describe('prepareData with shipped pretrained networks (lab 7)', () => {
  const lab7 = (): Rubric => {
    const { rubric } = loadRubric(join(ROOT, 'rubrics/lab7.yaml'));
    rubric.task.datasetOptions = { ...rubric.task.datasetOptions, count: 40 };
    return rubric;
  };

  it('refuses a rubric that ships networks when no grading Python is given', async () => {
    const root = mkdtempSync(join(tmpdir(), 'prepare-'));
    await expect(prepareData(lab7(), join(root, 'cache'), join(root, 'batch'))).rejects.toThrow(/needs the grading Python/);
  }, 120_000);

  it.skipIf(!keras)('puts the Keras backbone under the train view\'s pretrained/, never in the hidden test, and converts it once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'prepare-'));
    const first = await prepareData(lab7(), join(root, 'cache'), join(root, 'batch1'), keras!);
    expect(readdirSync(first.trainView).sort()).toEqual(['pretrained', 'train', 'val']);
    const file = join(first.trainView, 'pretrained', KERAS_BACKBONE_FILE);
    expect(statSync(file).size).toBeGreaterThan(5_000_000);
    expect(readdirSync(first.hiddenTest).some((f) => !f.endsWith('.png'))).toBe(false);
    // The second batch copies the cached conversion instead of converting again.
    const cached = readdirSync(join(root, 'cache', 'pretrained'));
    const before = statSync(join(root, 'cache', 'pretrained', cached[0]!, 'pretrained', KERAS_BACKBONE_FILE)).mtimeMs;
    const second = await prepareData(lab7(), join(root, 'cache'), join(root, 'batch2'), keras!);
    expect(statSync(join(root, 'cache', 'pretrained', cached[0]!, 'pretrained', KERAS_BACKBONE_FILE)).mtimeMs).toBe(before);
    expect(readFileSync(join(second.trainView, 'pretrained', KERAS_BACKBONE_FILE)).equals(readFileSync(file))).toBe(true);
  }, 300_000);
});
