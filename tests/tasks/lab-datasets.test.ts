import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../harness/intake/csv.js';
import { sourcesPresent } from '../../reference/data/adapters/source.js';
import { BREAST_CANCER_SOURCES, DIGITS_SOURCES, NITIME_SOURCES } from '../../reference/data/adapters/tables.js';
import { ITK_SOURCES } from '../../reference/data/adapters/volumes.js';
import { buildLab1BreastCancer } from '../../reference/data/tasks/lab1-breast-cancer.js';
import { buildLab2Digits } from '../../reference/data/tasks/lab2-digits.js';
import { buildLab3T1Patches } from '../../reference/data/tasks/lab3-t1-patches.js';
import { buildLab6BoldWindows } from '../../reference/data/tasks/lab6-bold-windows.js';
import { labTaskCommands } from '../../reference/data/tasks/labs.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lab-data-'));
const table = (dir: string, split: string) => parseCsv(readFileSync(join(dir, split, 'data.csv'), 'utf8'), 'data.csv');
const digest = (dir: string, split: string) => createHash('sha256').update(readFileSync(join(dir, split, 'data.csv'))).digest('hex');

const tables = sourcesPresent(BREAST_CANCER_SOURCES) && sourcesPresent(DIGITS_SOURCES);
if (!tables) console.warn('lab 1/2 dataset tests skipped: python3-sklearn data files are missing (apt-get install python3-sklearn)');
const nitime = sourcesPresent(NITIME_SOURCES.slice(0, 1));
if (!nitime) console.warn('lab 6 dataset tests skipped: python3-nitime data is missing');
const itk = sourcesPresent(ITK_SOURCES.slice(0, 2));
if (!itk) console.warn('lab 3 dataset tests skipped: insighttoolkit5-examples is missing');

describe('lab grading datasets', () => {
  it('are registered as REAL data commands', () => {
    const c = labTaskCommands();
    expect(Object.keys(c)).toEqual(['lab1-breast-cancer', 'lab2-digits', 'lab3-t1-patches', 'lab6-bold-windows']);
    for (const cmd of Object.values(c)) expect(cmd.real && cmd.description.startsWith('REAL')).toBe(true);
  });

  it.skipIf(!tables)('lab 1: the reference split sizes (343/113/113), deterministic per seed, no row in two splits', () => {
    const a = tmp(), b = tmp(), c = tmp();
    buildLab1BreastCancer({ out: a, seed: 7 });
    buildLab1BreastCancer({ out: b, seed: 7 });
    buildLab1BreastCancer({ out: c, seed: 8 });
    const sizes = ['train', 'val', 'test'].map((s) => table(a, s).rows.length);
    expect(sizes).toEqual([343, 113, 113]);
    expect(table(a, 'test').header).toEqual(['id', ...table(a, 'test').header.slice(1, 31), 'label']);
    expect(table(a, 'test').header).toHaveLength(32);
    expect(digest(a, 'test')).toBe(digest(b, 'test'));
    expect(digest(a, 'test')).not.toBe(digest(c, 'test'));
    const ids = ['train', 'val', 'test'].flatMap((s) => table(a, s).rows.map((r) => r[0]));
    expect(new Set(ids).size).toBe(569);
    const malignant = table(a, 'test').rows.filter((r) => r[31] === 'malignant').length;
    expect(malignant).toBe(42); // 212 malignant × 0.2, stratified
    expect(JSON.parse(readFileSync(join(a, 'DATASET.json'), 'utf8')).real).toBe(true);
  });

  it.skipIf(!tables)('lab 2: 359 test rows (stratified rounding), every digit present, grey levels 0..16; --count shrinks every split', () => {
    const a = tmp();
    buildLab2Digits({ out: a });
    const test = table(a, 'test');
    expect(test.rows).toHaveLength(359);
    expect(new Set(test.rows.map((r) => r[65]))).toEqual(new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']));
    const values = test.rows.flatMap((r) => r.slice(1, 65).map(Number));
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe(16);
    const small = tmp();
    buildLab2Digits({ out: small, count: 60 });
    const n = ['train', 'val', 'test'].map((s) => table(small, s).rows.length);
    expect(n.reduce((x, y) => x + y)).toBeLessThanOrEqual(80);
    expect(new Set(table(small, 'test').rows.map((r) => r[65])).size).toBe(10);
  });

  it.skipIf(!nitime)('lab 6: the reference time split (996 test windows after every train and val window)', () => {
    const a = tmp();
    buildLab6BoldWindows({ out: a });
    const t = (s: string) => table(a, s).rows.map((r) => Number(r[0]!.slice(1)));
    const [train, val, test] = [t('train'), t('val'), t('test')];
    expect(test).toHaveLength(996);
    expect(Math.max(...train) + 10).toBeLessThanOrEqual(Math.min(...val));
    expect(Math.max(...val) + 10).toBeLessThanOrEqual(Math.min(...test));
    expect(table(a, 'test').header).toEqual(['id', ...Array.from({ length: 10 }, (_, j) => `t${j}_c0`), 'label']);
    // Window t+1 starts where window t's second sample was: the series is written raw, not z-scored per window.
    const rows = table(a, 'test').rows;
    expect(rows[1]![1]).toBe(rows[0]![2]);
  });

  it.skipIf(!itk)('lab 3: Dark/Bright PNG folders, deterministic per seed', () => {
    const a = tmp(), b = tmp();
    buildLab3T1Patches({ out: a, seed: 3, count: 110 });
    buildLab3T1Patches({ out: b, seed: 3, count: 110 });
    for (const split of ['train', 'val', 'test']) expect(readdirSync(join(a, split)).sort()).toEqual(['Bright', 'Dark']);
    const files = (d: string) => ['Dark', 'Bright'].flatMap((c) => readdirSync(join(d, 'test', c)).map((f) => readFileSync(join(d, 'test', c, f)).toString('hex')));
    expect(files(a)).toEqual(files(b));
    expect(files(a).length).toBe(30); // 1,500 × 110 / 5,500
  });
});
