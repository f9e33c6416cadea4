/**
 * Lab 1's grading dataset: the REAL Wisconsin breast-cancer table as a table layout, split
 * exactly as the reference lab splits it (stratified, 20 % val, 20 % test, from
 * createRng(seed).fork()), so the hidden test set has the reference's test size (114 rows).
 * Features are raw: standardising with training statistics is the student's job.
 */
import { createRng } from '../../core/seed.js';
import { loadBreastCancer, stratifiedSplit } from '../../labs/lab1-supervised/data.js';
import { lab1Config } from '../../labs/lab1-supervised/config.js';
import { BREAST_CANCER_SOURCES } from '../adapters/tables.js';
import { describeCounts, shrinkSplits, writeLabDatasetJson, writeReadme, writeTableSplits, type SplitName, type TableRow } from './lab-layout.js';

const BASE = ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity', 'concave_points', 'symmetry', 'fractal_dimension'];
/** sklearn's feature names in column order, with underscores so they are plain CSV headers. */
export const BREAST_CANCER_FEATURES = [...BASE.map((f) => `mean_${f}`), ...BASE.map((f) => `${f}_error`), ...BASE.map((f) => `worst_${f}`)];
export const LAB1_DEFAULT_SEED = 20250501;

export function buildLab1BreastCancer(o: { out: string; seed?: number; count?: number }): string[] {
  const seed = o.seed ?? LAB1_DEFAULT_SEED;
  const { table } = loadBreastCancer();
  const split = stratifiedSplit(table.y, createRng(seed).fork(), lab1Config('small').split);
  const rows = (idx: number[]): TableRow[] => idx.map((i) => ({
    id: `bc${String(i).padStart(3, '0')}`,
    features: Array.from(table.x.subarray(i * table.p, (i + 1) * table.p), (v) => Number(v.toPrecision(7))),
    label: table.y[i] === 1 ? 'malignant' : 'benign',
  }));
  const splits = shrinkSplits({ train: rows(split.train), val: rows(split.val), test: rows(split.test) } as Record<SplitName, TableRow[]>, o.count);
  const counts = writeTableSplits(o.out, BREAST_CANCER_FEATURES, splits);
  writeLabDatasetJson(o.out, {
    name: 'lab1-breast-cancer', licence: 'BSD-3-Clause (scikit-learn); data: UCI Wisconsin Diagnostic Breast Cancer',
    layout: { '<split>/data.csv': 'id, 30 raw features (sklearn names, underscores), label (benign|malignant)' },
    steps: ['verified sha256', `stratified split val 0.2 / test 0.2 with createRng(${seed}).fork(), as reference/labs/lab1-supervised`, o.count ? `kept about ${o.count} rows (smoke set)` : 'all 569 rows'],
    notes: [describeCounts(counts)], sources: BREAST_CANCER_SOURCES, options: { seed, count: o.count ?? null },
  });
  writeReadme(o.out, ['REAL data: Wisconsin diagnostic breast cancer (sklearn), lab 1 grading split.', `Seed ${seed}. ${describeCounts(counts)}.`]);
  return [`Wrote REAL lab 1 breast-cancer table splits to ${o.out}`, `  ${describeCounts(counts)}`];
}
