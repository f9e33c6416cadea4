/**
 * Tabular data helpers shared by labs 1 and 2: the real breast_cancer table read through the
 * adapter's source list, a seeded stratified split and standardisation with train statistics only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ParseError } from '../../../harness/errors.js';
import { readCsvTable } from '../../core/io/csv.js';
import { shuffledIndices, type Rng } from '../../core/seed.js';
import { verifySources } from '../../data/adapters/source.js';
import { BREAST_CANCER_SOURCES } from '../../data/adapters/tables.js';

/** Row-major features (n×p) and integer labels. */
export interface Table { x: Float32Array; y: Int32Array; n: number; p: number }

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * sklearn's breast_cancer.csv (569×30). Label 1 = malignant (sklearn's target 0), so that
 * sensitivity is the fraction of cancers found, as the lab asks.
 */
export function loadBreastCancer(): { table: Table; checksum: string } {
  const src = BREAST_CANCER_SOURCES[0]!;
  verifySources(BREAST_CANCER_SOURCES);
  const csv = readCsvTable(src.path);
  const [n, p] = csv.header.map(Number) as [number, number];
  if (n !== 569 || p !== 30 || csv.rows.length !== n) throw new ParseError(`expected 569 rows of 30 features, header says ${csv.header.join(',')}`, src.path);
  const x = new Float32Array(n * p);
  const y = new Int32Array(n);
  csv.rows.forEach((row, i) => {
    for (let j = 0; j < p; j++) {
      const v = Number(row[j]);
      if (!Number.isFinite(v)) throw new ParseError(`line ${i + 2}: "${row[j]}" is not a number`, src.path);
      x[i * p + j] = v;
    }
    const t = Number(row[p]);
    if (t !== 0 && t !== 1) throw new ParseError(`line ${i + 2}: target ${row[p]} is not 0 or 1`, src.path);
    y[i] = t === 0 ? 1 : 0;
  });
  return { table: { x, y, n, p }, checksum: sha256File(src.path) };
}

export function subset(t: Table, idx: ArrayLike<number>): Table {
  const x = new Float32Array(idx.length * t.p);
  const y = new Int32Array(idx.length);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    x.set(t.x.subarray(i * t.p, (i + 1) * t.p), k * t.p);
    y[k] = t.y[i]!;
  }
  return { x, y, n: idx.length, p: t.p };
}

/** Stratified split: each class is shuffled with rng and cut at the same fractions, so class ratios match across splits. */
export function stratifiedSplit(y: Int32Array, rng: Rng, fractions: { val: number; test: number }): { train: number[]; val: number[]; test: number[] } {
  const out = { train: [] as number[], val: [] as number[], test: [] as number[] };
  const classes = [...new Set(y)].sort((a, b) => a - b);
  for (const c of classes) {
    const members = [...y.keys()].filter((i) => y[i] === c);
    const order = shuffledIndices(rng, members.length);
    const nTest = Math.round(members.length * fractions.test);
    const nVal = Math.round(members.length * fractions.val);
    order.forEach((o, k) => (k < nTest ? out.test : k < nTest + nVal ? out.val : out.train).push(members[o]!));
  }
  for (const k of ['train', 'val', 'test'] as const) out[k].sort((a, b) => a - b);
  return out;
}

export interface Standardiser { mean: Float32Array; std: Float32Array }

/** Column mean and std of the TRAIN split only; a constant column gets std 1 instead of dividing by zero. */
export function fitStandardiser(train: Table): Standardiser {
  const mean = new Float32Array(train.p), std = new Float32Array(train.p);
  for (let j = 0; j < train.p; j++) {
    let s = 0;
    for (let i = 0; i < train.n; i++) s += train.x[i * train.p + j]!;
    const m = s / train.n;
    let v = 0;
    for (let i = 0; i < train.n; i++) v += (train.x[i * train.p + j]! - m) ** 2;
    mean[j] = m;
    std[j] = Math.sqrt(v / train.n) || 1;
  }
  return { mean, std };
}

export function standardise(t: Table, s: Standardiser): Table {
  const x = new Float32Array(t.x.length);
  for (let i = 0; i < t.n; i++) for (let j = 0; j < t.p; j++) x[i * t.p + j] = (t.x[i * t.p + j]! - s.mean[j]!) / s.std[j]!;
  return { ...t, x };
}

export function classCounts(y: ArrayLike<number>): Record<string, number> {
  const c: Record<string, number> = {};
  for (let i = 0; i < y.length; i++) c[String(y[i])] = (c[String(y[i])] ?? 0) + 1;
  return c;
}

/** The class seen most often in training (ties → the smaller label). */
export function majorityClass(y: ArrayLike<number>): number {
  const c = classCounts(y);
  return Number(Object.entries(c).sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]))[0]![0]);
}
