/** Lab 1 outputs: metrics.json, SVG figures (vega-lite) and summary.md written from the run's own numbers. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { svgFromVegaLite } from '../../../harness/report/charts.js';
import type { Lab1Result } from './run.js';

const f3 = (v: number): string => v.toFixed(3);

function lineSpec(title: string, x: string, rows: Record<string, number | string>[], xScale: 'linear' | 'log' = 'linear'): Record<string, unknown> {
  return {
    title, width: 360, height: 220, data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: x, type: 'quantitative', scale: { type: xScale } },
      y: { field: 'error', type: 'quantitative', title: 'error (1 − accuracy)' },
      color: { field: 'split', type: 'nominal' }, strokeDash: { field: 'split', type: 'nominal' },
    },
  };
}

export function lab1Summary(r: Lab1Result): string {
  const t = r.models;
  const widest = r.capacity[r.capacity.length - 1]!;
  return [
    `# Lab 1 reference run (${r.config}, seed ${r.seed}, backend ${r.backend})`,
    '',
    `Data: breast_cancer, ${r.sizes.train} train / ${r.sizes.val} val / ${r.sizes.test} test (stratified; standardised with train statistics). Positive class: malignant.`,
    '',
    '| model | accuracy | sensitivity | specificity | roc_auc |',
    '| --- | --- | --- | --- | --- |',
    ...(['majority', 'logistic', 'mlp'] as const).map((k) => `| ${k} | ${f3(t[k].accuracy)} | ${f3(t[k].sensitivity)} | ${f3(t[k].specificity)} | ${f3(t[k].roc_auc)} |`),
    '',
    `The MLP's test accuracy ${f3(t.mlp.accuracy)} beats the majority class (${f3(t.majority.accuracy)}) by ${f3(t.mlp.accuracy - t.majority.accuracy)}; the lab's stated margin is ${r.margin}.`,
    `Capacity: with ${widest} hidden units the train error is ${f3(1 - r.capacityRows[r.capacityRows.length - 1]!.train_accuracy)} and the validation error ${f3(1 - r.capacityRows[r.capacityRows.length - 1]!.val_accuracy)}; a growing gap between them is overfitting.`,
    `Learning curve: with ${r.learningRows[0]!.train_size} training examples the validation error is ${f3(1 - r.learningRows[0]!.val_accuracy)}, with ${r.learningRows[r.learningRows.length - 1]!.train_size} it is ${f3(1 - r.learningRows[r.learningRows.length - 1]!.val_accuracy)}.`,
    '',
  ].join('\n');
}

export async function writeLab1Outputs(r: Lab1Result, outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const cap = r.capacityRows.flatMap((c) => [{ hidden: c.hidden, split: 'train', error: 1 - c.train_accuracy }, { hidden: c.hidden, split: 'validation', error: 1 - c.val_accuracy }]);
  const lc = r.learningRows.flatMap((c) => [{ train_size: c.train_size, split: 'train', error: 1 - c.train_accuracy }, { train_size: c.train_size, split: 'validation', error: 1 - c.val_accuracy }]);
  const files = {
    'metrics.json': JSON.stringify({ config: r.config, seed: r.seed, backend: r.backend, sizes: r.sizes, test: r.models, capacity: r.capacityRows, learning_curve: r.learningRows }, null, 2) + '\n',
    'capacity.svg': await svgFromVegaLite(lineSpec('Train vs validation error as capacity grows', 'hidden', cap, 'log')),
    'learning_curve.svg': await svgFromVegaLite(lineSpec('Learning curve', 'train_size', lc)),
    'summary.md': lab1Summary(r),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text);
  return Object.keys(files);
}
