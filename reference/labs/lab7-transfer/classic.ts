/**
 * Deep features as a table: written to CSV (id, split, label, f0..fN) and read back, so the
 * SVM (npm ml-svm, SMO) and the random forest (npm ml-random-forest) train on the exported file,
 * exactly as a student would hand the features to scikit-learn.
 */
import { writeFileSync } from 'node:fs';
import SVM from 'ml-svm';
import { RandomForestClassifier } from 'ml-random-forest';
import { ParseError } from '../../../harness/errors.js';
import { readCsvTable } from '../../core/io/csv.js';
import type { Rng } from '../../core/seed.js';

export interface FeatureRow { id: string; split: string; label: number; features: ArrayLike<number> }
export interface FeatureTable { ids: string[]; splits: string[]; y: number[]; x: number[][] }

export function writeFeatureCsv(file: string, rows: readonly FeatureRow[]): void {
  const dims = rows[0]?.features.length ?? 0;
  const header = ['id', 'split', 'label', ...Array.from({ length: dims }, (_, j) => `f${j}`)].join(',');
  const lines = rows.map((r) => [r.id, r.split, r.label, ...Array.from(r.features, (v) => Number(v.toPrecision(6)))].join(','));
  writeFileSync(file, [header, ...lines].join('\n') + '\n');
}

export function readFeatureCsv(file: string): FeatureTable {
  const table = readCsvTable(file);
  const [id, split, label] = ['id', 'split', 'label'].map((c) => table.header.indexOf(c));
  if (id! < 0 || split! < 0 || label! < 0) throw new ParseError(`feature CSV needs id, split and label columns (has ${table.header.slice(0, 5).join(', ')}...)`, file);
  const fcols = table.header.map((h, j) => (/^f\d+$/.test(h) ? j : -1)).filter((j) => j >= 0);
  const out: FeatureTable = { ids: [], splits: [], y: [], x: [] };
  table.rows.forEach((row, i) => {
    const x = fcols.map((j) => Number(row[j]));
    const y = Number(row[label!]);
    if (x.some((v) => !Number.isFinite(v)) || (y !== 0 && y !== 1)) throw new ParseError(`line ${i + 2}: a feature is not a finite number or the label is not 0/1`, file);
    out.ids.push(row[id!]!); out.splits.push(row[split!]!); out.y.push(y); out.x.push(x);
  });
  return out;
}

export interface ClassicModel { name: 'svm' | 'random_forest'; seconds: number; /** P(positive)-like score in [0, 1]; ≥ 0.5 is the model's positive call. */ score(x: number[][]): number[] }

/** RBF width by the median heuristic: σ² = median squared distance / 2 over (up to) 100 training rows. */
export function medianSigma(x: number[][]): number {
  const rows = x.slice(0, 100), d: number[] = [];
  for (let i = 0; i < rows.length; i++) for (let j = i + 1; j < rows.length; j++) d.push(rows[i]!.reduce((a, v, k) => a + (v - rows[j]![k]!) ** 2, 0));
  d.sort((a, b) => a - b);
  return Math.sqrt((d[d.length >> 1] ?? 2) / 2) || 1;
}

/** RBF SVM on standardised features; the score is sigmoid(margin), so 0.5 is the decision boundary. */
export function fitSvm(x: number[][], y: number[], settings: { C: number; sigma: number }, rng: Rng): ClassicModel {
  const t0 = performance.now();
  const svm = new SVM({ C: settings.C, kernel: 'rbf', kernelOptions: { sigma: settings.sigma * medianSigma(x) }, whitening: false, random: rng.next, maxPasses: 10, maxIterations: 20000 });
  svm.train(x, y.map((v) => (v === 1 ? 1 : -1)));
  return { name: 'svm', seconds: (performance.now() - t0) / 1000, score: (q) => svm.margin(q).map((m) => 1 / (1 + Math.exp(-m))) };
}

/** Random forest; the score is the share of trees voting "positive" (the package's predictProbability miscounts). */
export function fitForest(x: number[][], y: number[], settings: { nEstimators: number; maxFeatures: number }, rng: Rng): ClassicModel {
  const t0 = performance.now();
  const forest = new RandomForestClassifier({ nEstimators: settings.nEstimators, maxFeatures: settings.maxFeatures, seed: rng.seed(), noOOB: true, replacement: true, useSampleBagging: true });
  forest.train(x, y);
  return {
    name: 'random_forest', seconds: (performance.now() - t0) / 1000,
    score: (q) => {
      const votes = forest.predictionValues(q);
      return Array.from({ length: votes.rows }, (_, i) => { const r = votes.getRow(i); return r.filter((v: number) => v === 1).length / r.length; });
    },
  };
}
