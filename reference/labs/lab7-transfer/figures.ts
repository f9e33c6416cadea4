/** The lab's four figures as vega-lite SVGs (grey-scale house style of harness/report/charts.ts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { svgFromVegaLite } from '../../../harness/report/charts.js';
import type { ApproachResult } from './study.js';

const LABEL: Record<string, string> = { feature_extraction: 'frozen + head', fine_tuning: 'fine-tuned block', svm: 'SVM', random_forest: 'random forest' };
const approach = { field: 'approach', type: 'nominal', title: null, sort: Object.values(LABEL), legend: { labelLimit: 400 } };

export function trainingCurvesSpec(results: readonly ApproachResult[]): Record<string, unknown> {
  const values = results.filter((r) => r.fraction === 1 && r.history).flatMap((r) => r.history!.flatMap((h) => [
    { approach: LABEL[r.approach], epoch: h.epoch, curve: 'training loss (class-weighted)', value: h.loss },
    { approach: LABEL[r.approach], epoch: h.epoch, curve: 'validation loss', value: h.val_loss },
  ]));
  return {
    title: 'Training curves (100 % of the training set)', data: { values },
    facet: { column: { ...approach, header: { labelFontSize: 12 } } }, resolve: { scale: { x: 'independent' } },
    spec: {
      width: 260, height: 200, mark: { type: 'line', point: { size: 18 } },
      encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'value', type: 'quantitative', title: 'binary cross-entropy' }, strokeDash: { field: 'curve', type: 'nominal', title: null, legend: { labelLimit: 400 } }, shape: { field: 'curve', type: 'nominal', title: null } },
    },
  };
}

export function sizeSpec(results: readonly ApproachResult[]): Record<string, unknown> {
  const values = results.flatMap((r) => [
    { approach: LABEL[r.approach], percent: Math.round(r.fraction * 100), metric: 'balanced accuracy', value: r.balanced_accuracy, n: r.trainCount },
    { approach: LABEL[r.approach], percent: Math.round(r.fraction * 100), metric: 'ROC AUC', value: r.roc_auc, n: r.trainCount },
  ]);
  return {
    title: 'Test performance vs training-set size', data: { values },
    facet: { column: { field: 'metric', type: 'nominal', title: null } },
    spec: {
      width: 260, height: 220, mark: { type: 'line', point: { size: 40, filled: true } },
      encoding: {
        x: { field: 'percent', type: 'quantitative', title: '% of the training set', scale: { domain: [0, 100] } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { domain: [0.4, 1] } },
        strokeDash: approach, shape: approach,
      },
    },
  };
}

export function timeSpec(results: readonly ApproachResult[], backboneSeconds: number): Record<string, unknown> {
  const values = [
    { approach: 'backbone pass (shared, all slices)', seconds: backboneSeconds },
    ...results.filter((r) => r.fraction === 1).map((r) => ({ approach: LABEL[r.approach], seconds: r.seconds })),
  ];
  return {
    title: 'Training time at 100 % (seconds, this machine)', width: 360, height: 150, data: { values },
    mark: { type: 'bar', fill: '#bbbbbb', stroke: '#000000' },
    encoding: { y: { field: 'approach', type: 'nominal', title: null, sort: null }, x: { field: 'seconds', type: 'quantitative' } },
  };
}

export function rocSpec(results: readonly ApproachResult[]): Record<string, unknown> {
  const full = results.filter((r) => r.fraction === 1);
  const values = full.flatMap((r) => r.roc.fpr.map((fpr, i) => ({ approach: `${LABEL[r.approach]} (AUC ${r.roc_auc.toFixed(3)})`, fpr, tpr: r.roc.tpr[i], order: i })));
  return {
    title: 'ROC on the test set (100 % of the training set)', width: 300, height: 300,
    layer: [
      { data: { values: [{ a: 0 }, { a: 1 }] }, mark: { type: 'line', color: '#bbbbbb' }, encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'a', type: 'quantitative' } } },
      { data: { values }, mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: 'false positive rate', scale: { domain: [0, 1] } },
          y: { field: 'tpr', type: 'quantitative', title: 'true positive rate', scale: { domain: [0, 1] } },
          order: { field: 'order', type: 'quantitative' },
          strokeDash: { field: 'approach', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 } },
        } },
    ],
  };
}

/** Writes the four SVGs into `dir` and returns their names. */
export async function writeLab7Figures(dir: string, results: readonly ApproachResult[], backboneSeconds: number): Promise<string[]> {
  const figures: [string, Record<string, unknown>][] = [
    ['training_curves.svg', trainingCurvesSpec(results)], ['size_effect.svg', sizeSpec(results)],
    ['time_per_approach.svg', timeSpec(results, backboneSeconds)], ['roc.svg', rocSpec(results)],
  ];
  for (const [name, spec] of figures) writeFileSync(join(dir, name), await svgFromVegaLite(spec));
  return figures.map(([name]) => name);
}
