/**
 * Lab 5 end to end for one seed: the ct-lesions slices (synthetic lesions in real head CT,
 * 20% Lesion), the same augmented CNN trained twice from the same initial weights and the same
 * augmentation stream, once plain and once with balanced class weights, both scored on the
 * held-out patients. The registry's metrics are the class-weighted model's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendName } from '../../core/backend.js';
import { createRng } from '../../core/seed.js';
import { loadCtLesions } from '../../data/ct-lesions/index.js';
import type { ReferenceConfig, ReferenceEntry, ReferenceRunResult } from '../../registry/types.js';
import { LAB5_MARGINS, lab5Config, type Lab5Config } from './config.js';
import { majorityBaseline, scoreLab5, type Lab5Scores } from './evaluate.js';
import { writeLab5Figures, type ModelCurves } from './figures.js';
import { disposeLab5Model, predictLesion, trainLab5Model, type EpochRecord, type Weighting } from './train.js';

export interface Lab5ModelResult extends Lab5Scores { weighting: Weighting; seconds: number; history: EpochRecord[] }
export interface Lab5Details {
  unweighted: Lab5ModelResult; weighted: Lab5ModelResult; majority: Lab5Scores;
  counts: Record<'train' | 'val' | 'test', { slices: number; lesions: number; patients: number }>;
  backend: string; files: string[];
}

export async function runLab5(config: Lab5Config, seed: number, outDir?: string, options: { prefer?: BackendName } = {}): Promise<{ result: ReferenceRunResult; details: Lab5Details }> {
  const data = loadCtLesions(config.data);
  const results = {} as Record<Weighting, Lab5ModelResult & { p: Float32Array }>;
  let backend = '';
  let example: Float32Array | undefined;
  for (const weighting of ['none', 'balanced'] as const) {
    // Same seed for both: identical initial weights, shuffles and augmentations; only the weighting differs.
    const t = await trainLab5Model(config, seed, { weighting, prefer: options.prefer, data });
    try {
      backend = t.backend.name;
      const p = await predictLesion(t.model, data.test);
      results[weighting] = { ...scoreLab5(data.test.y, p), weighting, seconds: t.seconds, history: t.history, p };
    } finally {
      disposeLab5Model(t.model);
    }
  }
  const count = (s: 'train' | 'val' | 'test') => ({ slices: data[s].count, lesions: data[s].y.reduce((a, b) => a + b, 0), patients: new Set(data[s].patients).size });
  const strip = ({ p: _p, ...r }: Lab5ModelResult & { p: Float32Array }): Lab5ModelResult => r;
  const details: Lab5Details = {
    unweighted: strip(results.none), weighted: strip(results.balanced), majority: majorityBaseline(data.test.y),
    counts: { train: count('train'), val: count('val'), test: count('test') }, backend, files: [],
  };
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    const first = data.train.y.findIndex((v) => v === 1);
    const px = data.size * data.size;
    example = data.train.x.slice(first * px, (first + 1) * px);
    const models: ModelCurves[] = [
      { label: 'unweighted', history: results.none.history, y: data.test.y, p: results.none.p, confusion: results.none.confusion },
      { label: 'class-weighted', history: results.balanced.history, y: data.test.y, p: results.balanced.p, confusion: results.balanced.confusion },
    ];
    details.files = await writeLab5Figures(outDir, models, example, data.size, createRng(seed + 1), config.augment);
    writeFileSync(join(outDir, 'metrics.json'), JSON.stringify({ config, seed, dataChecksums: data.checksums, ...details }, null, 2) + '\n');
    writeFileSync(join(outDir, 'summary.md'), lab5Summary(details, config, seed));
    details.files.push('metrics.json', 'summary.md');
  }
  const w = details.weighted, u = details.unweighted;
  const result: ReferenceRunResult = {
    metrics: {
      accuracy: w.accuracy, sensitivity: w.sensitivity, specificity: w.specificity, balanced_accuracy: w.balanced_accuracy, roc_auc: w.roc_auc, f1: w.f1,
      unweighted_accuracy: u.accuracy, unweighted_sensitivity: u.sensitivity, unweighted_specificity: u.specificity,
      unweighted_balanced_accuracy: u.balanced_accuracy, unweighted_roc_auc: u.roc_auc, majority_accuracy: details.majority.accuracy,
    },
    perExample: Array.from(results.balanced.p, (p, i) => ((p >= 0.5 ? 1 : 0) === data.test.y[i] ? 0 : 1)),
    n: data.test.count,
    dataChecksums: Object.fromEntries(Object.entries(data.checksums).map(([k, v]) => [`ct-lesions/${k}`, v])),
    backend, synthetic: true,
  };
  return { result, details };
}

const f3 = (v: number): string => v.toFixed(3);

export function lab5Summary(d: Lab5Details, config: Lab5Config, seed: number): string {
  const row = (name: string, s: Lab5Scores, secs: string) =>
    `| ${name} | ${f3(s.accuracy)} | ${f3(s.sensitivity)} | ${f3(s.specificity)} | ${f3(s.balanced_accuracy)} | ${f3(s.roc_auc)} | ${s.confusion.tp}/${s.confusion.fn}/${s.confusion.fp}/${s.confusion.tn} | ${secs} |`;
  const { weighted: w, unweighted: u, majority: m, counts: c } = d;
  const sensGain = w.sensitivity - u.sensitivity;
  return [
    `# Lab 5: CNN classification with augmentation and class imbalance (config ${config.name}, seed ${seed})`, '',
    'Data: SYNTHETIC lesions in REAL anatomy (ct-lesions): axial brain slices of the real InVesalius head CT, deformed per synthetic patient, with a synthetic hyperdense lesion in 20% of the slices; split by patient.',
    `Train ${c.train.slices} slices (${c.train.lesions} Lesion, ${c.train.patients} patients), val ${c.val.slices} (${c.val.lesions}), test ${c.test.slices} (${c.test.lesions} Lesion, ${c.test.patients} patients). ${config.data.size}×${config.data.size} px, ${config.epochs} epochs, backend ${d.backend}.`,
    `Augmentation: rotation ±${config.augment.maxRotateDeg}°, shift ±${config.augment.maxShift} px, contrast ±${config.augment.contrast * 100}%, brightness ±${config.augment.brightness}, noise σ ${config.augment.noise}; no flips.`, '',
    '| model | accuracy | sensitivity | specificity | balanced accuracy | ROC AUC | TP/FN/FP/TN | train s |', '| --- | --- | --- | --- | --- | --- | --- | --- |',
    row('CNN, unweighted', u, u.seconds.toFixed(1)), row('CNN, class-weighted', w, w.seconds.toFixed(1)), row('majority class (always Normal)', m, '0'), '',
    `Class weighting changed sensitivity by ${sensGain >= 0 ? '+' : ''}${f3(sensGain)} (${f3(u.sensitivity)} → ${f3(w.sensitivity)}) and specificity by ${f3(w.specificity - u.specificity)}; ` +
      `accuracy ${u.accuracy > w.accuracy ? 'fell' : 'did not fall'} (${f3(u.accuracy)} → ${f3(w.accuracy)}), which is why accuracy alone misleads on imbalanced data: the majority class already scores ${f3(m.accuracy)}.`,
    `The class-weighted CNN beats the majority class by ${f3(w.balanced_accuracy - m.balanced_accuracy)} balanced accuracy and ${f3(w.roc_auc - m.roc_auc)} AUC (the lab claims at least ${LAB5_MARGINS.balancedAccuracy} and ${LAB5_MARGINS.rocAuc}).`,
    d.files.length ? 'Figures: training_curves.svg, roc.svg (both models), confusion_unweighted.svg, confusion_weighted.svg, augmentation.png (a Lesion slice, then seven augmented copies).' : '', '',
  ].join('\n');
}

export function lab5Reference(options: { prefer?: BackendName } = {}): ReferenceEntry {
  return {
    description: 'Lab 5: augmented CNN, class-weighted vs unweighted, on ct-lesions (synthetic lesions in the real InVesalius head CT), tfjs',
    run: async (config: ReferenceConfig, seed: number, outDir?: string) => (await runLab5(lab5Config(config), seed, outDir, options)).result,
  };
}
