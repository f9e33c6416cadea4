/**
 * Lab 2's grading dataset: the REAL sklearn digits (1,797 8×8 images, grey levels 0..16) as a
 * table, split as the reference lab splits it (stratified, 20 % val, 20 % test from
 * createRng(seed).fork()): 359 hidden test rows, ten classes "0".."9".
 */
import { createRng } from '../../core/seed.js';
import { stratifiedSplit } from '../../labs/lab1-supervised/data.js';
import { loadDigits } from '../../labs/lab2-mlp/data.js';
import { lab2Config } from '../../labs/lab2-mlp/config.js';
import { DIGITS_SOURCES } from '../adapters/tables.js';
import { describeCounts, shrinkSplits, writeLabDatasetJson, writeReadme, writeTableSplits, type SplitName, type TableRow } from './lab-layout.js';

export const DIGIT_FEATURES = Array.from({ length: 64 }, (_, j) => `px${j}`);
export const LAB2_DEFAULT_SEED = 20250502;

export function buildLab2Digits(o: { out: string; seed?: number; count?: number }): string[] {
  const seed = o.seed ?? LAB2_DEFAULT_SEED;
  const { table } = loadDigits();
  const split = stratifiedSplit(table.y, createRng(seed).fork(), lab2Config('small').split);
  // loadDigits scales by 1/16; the table keeps sklearn's integer grey levels.
  const rows = (idx: number[]): TableRow[] => idx.map((i) => ({
    id: `d${String(i).padStart(4, '0')}`,
    features: Array.from(table.x.subarray(i * 64, (i + 1) * 64), (v) => Math.round(v * 16)),
    label: String(table.y[i]),
  }));
  const splits = shrinkSplits({ train: rows(split.train), val: rows(split.val), test: rows(split.test) } as Record<SplitName, TableRow[]>, o.count);
  const counts = writeTableSplits(o.out, DIGIT_FEATURES, splits);
  writeLabDatasetJson(o.out, {
    name: 'lab2-digits', licence: 'BSD-3-Clause (scikit-learn); data: UCI optical recognition of handwritten digits',
    layout: { '<split>/data.csv': 'id, px0..px63 (row-major 8×8, grey 0..16), label (0..9)' },
    steps: ['verified sha256', `stratified split val 0.2 / test 0.2 with createRng(${seed}).fork(), as reference/labs/lab2-mlp`, o.count ? `kept about ${o.count} rows (smoke set)` : 'all 1797 rows'],
    notes: [describeCounts(counts)], sources: DIGITS_SOURCES, options: { seed, count: o.count ?? null },
  });
  writeReadme(o.out, ['REAL data: sklearn digits 8×8, lab 2 grading split.', `Seed ${seed}. ${describeCounts(counts)}.`]);
  return [`Wrote REAL lab 2 digits table splits to ${o.out}`, `  ${describeCounts(counts)}`];
}
