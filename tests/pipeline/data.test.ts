import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRubric } from '../../harness/rubric/load.js';
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
