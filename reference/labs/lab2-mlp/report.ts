/** Lab 2 outputs: metrics.json, comparison.csv/.md, regularisation.csv/.md, training-curve SVGs and summary.md from the run's numbers. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { svgFromVegaLite } from '../../../harness/report/charts.js';
import type { Lab2Result } from './run.js';

const f3 = (v: number): string => v.toFixed(3);
const fmt = (v: unknown): string => (typeof v === 'number' && !Number.isInteger(v) ? f3(v) : String(v));

function csv(rows: Record<string, unknown>[]): string {
  const cols = Object.keys(rows[0]!);
  return [cols.join(','), ...rows.map((r) => cols.map((k) => (typeof r[k] === 'string' ? JSON.stringify(r[k]) : String(r[k]))).join(','))].join('\n') + '\n';
}

function markdown(rows: Record<string, unknown>[]): string {
  const cols = Object.keys(rows[0]!);
  return [`| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${cols.map((k) => fmt(r[k])).join(' | ')} |`)].join('\n') + '\n';
}

function curveSpec(title: string, r: Lab2Result, labels: string[]): Record<string, unknown> {
  const values = labels.flatMap((l) => r.curves[l]!.flatMap((p) => [{ model: l, epoch: p.epoch, split: 'train', loss: p.train_loss }, { model: l, epoch: p.epoch, split: 'validation', loss: p.val_loss }]));
  return {
    title, width: 360, height: 220, data: { values },
    mark: { type: 'line' },
    encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'loss', type: 'quantitative' }, color: { field: 'model', type: 'nominal' }, strokeDash: { field: 'split', type: 'nominal' } },
  };
}

export function lab2Summary(r: Lab2Result): string {
  const best = [...r.comparison].sort((a, b) => b.val_accuracy - a.val_accuracy)[0]!;
  const [under, over, drop, l2] = r.regularisation as [typeof r.regularisation[0], typeof r.regularisation[0], typeof r.regularisation[0], typeof r.regularisation[0]];
  return [
    `# Lab 2 reference run (${r.config}, seed ${r.seed}, backend ${r.backend})`,
    '',
    `Data: sklearn digits 8×8, ${r.sizes.train} train / ${r.sizes.val} val / ${r.sizes.test} test (stratified), pixels scaled by 1/16.`,
    `Reference MLP (relu, categorical cross-entropy, adam): test accuracy ${f3(r.test.accuracy)}, macro roc_auc ${f3(r.test.roc_auc)}; majority class ${f3(r.test.majority_accuracy)} (margin ${f3(r.test.accuracy - r.test.majority_accuracy)}, the lab asks for ${r.margin}).`,
    `Best variant on validation: ${best.activation}/${best.loss}/${best.optimizer} with val accuracy ${f3(best.val_accuracy)}.`,
    '',
    markdown(r.comparison as unknown as Record<string, unknown>[]),
    `Underfitting: ${under.hidden} hidden unit reaches train accuracy ${f3(under.train_accuracy)}, val ${f3(under.val_accuracy)}.`,
    `Overfitting: ${over.hidden} units on ${over.train_size} examples reach train ${f3(over.train_accuracy)} but val ${f3(over.val_accuracy)} (gap ${f3(over.train_accuracy - over.val_accuracy)}); dropout gives val ${f3(drop.val_accuracy)} (gap ${f3(drop.train_accuracy - drop.val_accuracy)}), L2 gives val ${f3(l2.val_accuracy)} (gap ${f3(l2.train_accuracy - l2.val_accuracy)}).`,
    '',
  ].join('\n');
}

export async function writeLab2Outputs(r: Lab2Result, outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const variantLabels = Object.keys(r.curves).filter((l) => l.includes('/'));
  const studyLabels = r.regularisation.map((s) => s.model);
  const files = {
    'metrics.json': JSON.stringify({ config: r.config, seed: r.seed, backend: r.backend, sizes: r.sizes, test: r.test, comparison: r.comparison, regularisation: r.regularisation, curves: r.curves }, null, 2) + '\n',
    'comparison.csv': csv(r.comparison as unknown as Record<string, unknown>[]),
    'comparison.md': markdown(r.comparison as unknown as Record<string, unknown>[]),
    'regularisation.csv': csv(r.regularisation as unknown as Record<string, unknown>[]),
    'regularisation.md': markdown(r.regularisation as unknown as Record<string, unknown>[]),
    'training_curves.svg': await svgFromVegaLite(curveSpec('Training curves (activation/loss/optimizer; mse losses are on another scale)', r, variantLabels)),
    'regularisation_curves.svg': await svgFromVegaLite(curveSpec('Under- vs overfitting, dropout and L2', r, studyLabels)),
    'summary.md': lab2Summary(r),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text);
  return Object.keys(files);
}
