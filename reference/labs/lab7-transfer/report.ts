/** summary.md, generated from the run's own numbers. */
import { LAB7_MARGIN } from './config.js';
import type { Lab7Details } from './run.js';
import type { ApproachResult } from './study.js';

const f3 = (v: number): string => v.toFixed(3);
const NAME: Record<ApproachResult['approach'], string> = { feature_extraction: 'frozen features + head', fine_tuning: 'fine-tuned last block', svm: 'SVM (RBF) on exported features', random_forest: 'random forest on exported features' };

export function lab7Summary(d: Lab7Details): string {
  const full = d.results.filter((r) => r.fraction === 1);
  const best = full.reduce((a, b) => (b.roc_auc > a.roc_auc ? b : a));
  const fe = full.find((r) => r.approach === 'feature_extraction')!;
  const ft = full.find((r) => r.approach === 'fine_tuning');
  const fractions = [...new Set(d.results.map((r) => r.fraction))].sort((a, b) => a - b);
  const smallest = fractions[0]!;
  const sizeLine = (a: ApproachResult['approach']): string => {
    const rs = fractions.map((f) => d.results.find((r) => r.approach === a && r.fraction === f)).filter((r): r is ApproachResult => !!r);
    return rs.length > 1 ? `- ${NAME[a]}: ${rs.map((r) => `${Math.round(r.fraction * 100)} % (${r.trainCount}) → AUC ${f3(r.roc_auc)}`).join(', ')}` : '';
  };
  const margins = full.filter((r) => r.approach !== 'fine_tuning').map((r) => `${NAME[r.approach]} ${f3(r.balanced_accuracy - 0.5)}`).join(', ');
  return [
    `# Lab 7: transfer learning and deep features (config ${d.config.name}, seed ${d.seed})`, '',
    `Data: ct-lesions, REAL head-CT anatomy with SYNTHETIC inserted lesions, split by patient: train ${d.counts.train}, val ${d.counts.val}, test ${d.counts.test} slices (${d.testPositives} test lesions; predicting "Normal" everywhere scores accuracy ${f3(d.majority)}, balanced accuracy 0.500).`,
    `Backbone: ${d.backbone}, on backend ${d.backend}; features are the global-average-pooled \`${d.featureLayer}\` map (${d.featureCount} values), fine-tuning trains the block after \`${d.cutLayer}\` with its batch-norm statistics frozen.`,
    `One backbone pass over all ${d.counts.train + d.counts.val + d.counts.test} slices took ${d.backboneSeconds.toFixed(1)} s${d.featureCacheHit ? ' (read from the feature cache; the time is that of the pass that filled it)' : ''}; the features were exported to features.csv and read back for the SVM and the random forest.`, '',
    '| approach | train slices | accuracy | balanced accuracy | ROC AUC | train s |', '| --- | --- | --- | --- | --- | --- |',
    ...d.results.map((r) => `| ${NAME[r.approach]} (${Math.round(r.fraction * 100)} %) | ${r.trainCount} | ${f3(r.accuracy)} | ${f3(r.balanced_accuracy)} | ${f3(r.roc_auc)} | ${r.seconds.toFixed(1)} |`), '',
    `At 100 % the best ROC AUC is ${f3(best.roc_auc)} (${NAME[best.approach]}).` +
      (ft ? ` Fine-tuning the last block ${ft.roc_auc > fe.roc_auc ? 'raised' : 'did not raise'} the AUC over frozen features (${f3(ft.roc_auc)} vs ${f3(fe.roc_auc)}) and took ${(ft.seconds / Math.max(fe.seconds, 1e-3)).toFixed(1)}× the head's training time (${ft.seconds.toFixed(1)} s, including the head it starts from, vs ${fe.seconds.toFixed(1)} s; wall times on this machine at its load).` : ''),
    `Balanced accuracy above the majority class (0.5) at 100 %: ${margins} (the lab claims at least ${LAB7_MARGIN}).`, '',
    `Effect of training-set size (smallest: ${Math.round(smallest * 100)} %):`, ...(['feature_extraction', 'fine_tuning', 'svm', 'random_forest'] as const).map(sizeLine).filter(Boolean), '',
    d.files.length ? 'Figures: training_curves.svg, size_effect.svg, time_per_approach.svg, roc.svg. Features: features.csv.' : '', '',
  ].join('\n');
}
