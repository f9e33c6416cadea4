/** Tasks 1–2 outputs of one seed: figures, metrics.json and a summary written from the run's own numbers. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CovidConfig } from './config.js';
import type { ImageSet, SplitStatistics } from './data.js';
import type { Evaluation } from './evaluate.js';
import { confusionSvg, curvesSvg, predictionsSvg, writeTask1Figures } from './figures.js';
import type { FitResult, SearchResult } from './train.js';

export interface BaselineOutputs {
  raw: Record<'train' | 'val' | 'test', ImageSet>;
  statistics: Record<'train' | 'val' | 'test', SplitStatistics>;
  search: SearchResult;
  finalFit: FitResult;
  evaluation: Evaluation;
  probs: Float32Array;
  config: CovidConfig;
  seed: number;
  reloadMaxDiff: number;
}

const f3 = (v: number): string => v.toFixed(3);

export function baselineSummary(o: BaselineOutputs): string {
  const { best } = o.search;
  const m = o.evaluation.metrics, c = o.evaluation.confusion, t = o.statistics.train;
  const data = o.config.data.kind === 'synthetic' ? 'SYNTHETIC phantom chest X-rays (covid-synthetic), not real patients' : `the course folder ${o.config.data.dir}`;
  return [
    `# COVID-19 X-ray project, tasks 1–2 (config ${o.config.name}, seed ${o.seed})`, '',
    `Data: ${data}. Train ${t.count} (${t.classes.COVID} COVID / ${t.classes.Normal} Normal), val ${o.statistics.val.count}, test ${o.statistics.test.count}; images resized to ${o.config.imageSize}² and normalised with the training mean ${f3(t.pixelMean)} and std ${f3(t.pixelStd)}.`,
    `Search: ${o.search.rows.length} runs over filters × dense units × dropout × learning rate, early stopping with patience ${o.config.patience}; the best (run ${best.run}: filters ${best.filters}, dense ${best.denseUnits}, dropout ${best.dropout}, learning rate ${best.learningRate}) reached val_loss ${f3(best.val_loss)} and val_accuracy ${f3(best.val_accuracy)} at epoch ${best.best_epoch}.`,
    `Final model: retrained on train+val for ${o.finalFit.history.length} epochs without early stopping (final training loss ${f3(o.finalFit.history.at(-1)!.loss)}); saved and reloaded, largest probability change ${o.reloadMaxDiff.toExponential(1)}.`, '',
    '| accuracy | sensitivity | specificity | F1 | ROC AUC | TP | FP | TN | FN |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${f3(m.accuracy)} | ${f3(m.sensitivity)} | ${f3(m.specificity)} | ${f3(m.f1)} | ${f3(m.roc_auc)} | ${c.tp} | ${c.fp} | ${c.tn} | ${c.fn} |`, '',
    'The test set was evaluated once, after the search and the retraining.',
    'Figures: samples.svg, augmentations.svg, curves_search_best.svg, curves_final.svg, confusion.svg, predictions.svg; CSVs: statistics.csv, baseline_search.csv.', '',
  ].join('\n');
}

export async function writeBaselineFigures(out: string, o: BaselineOutputs): Promise<string[]> {
  const files = writeTask1Figures(out, o.raw.train, o.statistics, o.config.augment, o.seed);
  const text: Record<string, string> = {
    'curves_search_best.svg': await curvesSvg(`Best search run (${o.search.best.run}): train and validation`, o.search.bestHistory),
    'curves_final.svg': await curvesSvg('Final model on train+val (no validation left)', o.finalFit.history),
    'confusion.svg': await confusionSvg('Test confusion matrix (threshold 0.5)', o.evaluation.confusion),
    'predictions.svg': predictionsSvg('Sample test predictions', o.raw.test, o.probs),
    'metrics.json': JSON.stringify({ config: o.config.name, seed: o.seed, metrics: o.evaluation.metrics, confusion: o.evaluation.confusion, best: o.search.best, reloadMaxDiff: o.reloadMaxDiff }, null, 2) + '\n',
    'summary.md': baselineSummary(o),
  };
  for (const [name, body] of Object.entries(text)) writeFileSync(join(out, name), body);
  return [...files, ...Object.keys(text)];
}
