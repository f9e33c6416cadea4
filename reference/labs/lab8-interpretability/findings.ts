/**
 * summary.md: the written findings, generated from the run's own numbers (the tests check that
 * every number stated here is the one measured). Sections: Models, Interpretability,
 * Robustness, Limitations and clinical relevance.
 */
import type { SubjectAnalysis } from './analyse.js';
import type { Lab8Config } from './config.js';
import type { RobustnessRow } from './robustness.js';
import type { LocalisationStats } from './stats.js';

export const f3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
/** p-values: three significant digits, and "< 0.001" never (the permutation p has a floor of 1/(1+P)). */
export const fp = (v: number): string => (v >= 0.001 ? v.toFixed(3) : v.toExponential(1));

export interface FindingsContext {
  config: Lab8Config;
  seed: number;
  backend: string;
  dataDescription: string;
  testCount: number;
  lesionCount: number;
}

const METHOD = { gradcam: 'Grad-CAM', saliency: 'Saliency' } as const;

function localisationSentence(model: string, s: LocalisationStats): string {
  const above = s.meanInside > s.meanChance;
  const significant = s.permutationP < 0.05 && s.signP < 0.05;
  return `- ${model}, ${METHOD[s.method]}: ${f3(s.meanInside)} of the map's mass lies inside the lesion against ${f3(s.meanChance)} by area `
    + `(${f3(s.ratio)}× chance; above its own image's area fraction on ${s.wins} of ${s.n} lesion images, sign test p = ${fp(s.signP)}). `
    + `Paired with other images' lesions the same maps put ${f3(s.permutationMean)} inside (permutation p = ${fp(s.permutationP)}, ${s.permutations} permutations). `
    + `The map's maximum falls inside the lesion on ${s.pointingHits} of ${s.n} images (pointing game ${f3(s.pointingRate)}). `
    + (above && significant ? 'The map follows the lesion, more than chance would.'
      : above ? 'More mass inside than by area, but not significantly so at 0.05 on both tests.'
        : 'No more mass inside the lesion than chance: this map does not show where the evidence is.');
}

/** Clean and strongest level per corruption, and the worst of them, for one model. */
export function robustnessSummary(rows: readonly RobustnessRow[]): { corruption: string; clean: RobustnessRow; strongest: RobustnessRow; drop: number }[] {
  const names = [...new Set(rows.map((r) => r.corruption))];
  return names.map((c) => {
    const mine = rows.filter((r) => r.corruption === c);
    const clean = mine[0]!, strongest = mine[mine.length - 1]!;
    return { corruption: c, clean, strongest, drop: clean.roc_auc - strongest.roc_auc };
  });
}

export function lab8Findings(subjects: readonly SubjectAnalysis[], ctx: FindingsContext): string {
  const lines: string[] = [
    `# Lab 8 findings: interpretability and robustness (config ${ctx.config.name}, seed ${ctx.seed}, backend ${ctx.backend})`, '',
    `Data: ${ctx.dataDescription} Test set: ${ctx.testCount} slices, ${ctx.lesionCount} with a lesion. Threshold 0.5.`, '',
    '## Models', '',
    '| model | ROC AUC | balanced accuracy | sensitivity | specificity | TP | FP | TN | FN |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...subjects.map((s) => `| ${s.id}: ${s.title} | ${f3(s.clean.roc_auc)} | ${f3(s.clean.balanced_accuracy)} | ${f3(s.clean.sensitivity)} | ${f3(s.clean.specificity)} | ${s.groups.TP} | ${s.groups.FP} | ${s.groups.TN} | ${s.groups.FN} |`),
    '',
    '## Interpretability', '',
    'Grad-CAM (last spatial layer, upsampled to the image) and vanilla saliency (|∂ lesion logit / ∂ pixel| on the grey image) explain the lesion class on every lesion test image; '
    + 'the lesion masks of the generator say where the evidence is. Chance is the lesion\'s area fraction (a map that ignores the image), and, stricter, the same maps paired with other images\' lesions.', '',
    ...subjects.flatMap((s) => [localisationSentence(s.id, s.gradcam), localisationSentence(s.id, s.saliency)]),
    '',
    ...subjects.map((s) => `Figures for ${s.id}: ${s.id}_gradcam_{TP,FP,TN,FN}.png and ${s.id}_saliency_{TP,FP,TN,FN}.png (top row the slice with the lesion outlined in green, bottom row the map (saliency scaled to its 99th percentile for display); most confident examples first; a grey tile means the group is empty). Grad-CAM's own resolution is ${s.camSize[0]}×${s.camSize[1]}.`),
    '',
    '## Robustness', '',
    (ctx.config.robustnessImages ? `The sweep uses the first ${ctx.config.robustnessImages} test slices only (config ${ctx.config.name}). ` : '') + 'Each test slice is corrupted before the model\'s preprocessing: Gaussian noise (σ in intensity, image in [0, 1]), Gaussian blur (σ in pixels) and a contrast shift (scaling around the slice mean). Curves: robustness.svg.', '',
    '| model | corruption | clean ROC AUC | strongest level | ROC AUC there | AUC drop | balanced accuracy there |', '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const s of subjects) {
    for (const r of robustnessSummary(s.robustness)) {
      lines.push(`| ${s.id} | ${r.corruption} | ${f3(r.clean.roc_auc)} | ${r.strongest.level} | ${f3(r.strongest.roc_auc)} | ${f3(r.drop)} | ${f3(r.strongest.balanced_accuracy)} |`);
    }
  }
  lines.push('');
  for (const s of subjects) {
    const worst = [...robustnessSummary(s.robustness)].sort((a, b) => b.drop - a.drop)[0]!;
    lines.push(worst.drop > 0
      ? `- ${s.id}: the most harmful corruption is ${worst.corruption}: ROC AUC falls from ${f3(worst.clean.roc_auc)} to ${f3(worst.strongest.roc_auc)} at level ${worst.strongest.level} `
        + `(balanced accuracy ${f3(worst.clean.balanced_accuracy)} → ${f3(worst.strongest.balanced_accuracy)}).`
      : `- ${s.id}: no corruption lowers the ROC AUC at its strongest level (clean ${f3(worst.clean.roc_auc)}); a model this close to chance has little to lose, so this is not robustness.`);
  }
  const minN = Math.min(...subjects.map((s) => s.gradcam.n));
  lines.push('', '## Limitations and clinical relevance', '',
    `- The lesions are SYNTHETIC, inserted into real head-CT anatomy; the maps are checked against where they were inserted, which real data rarely tells us this exactly.`,
    `- ${minN} lesion images were explained per model and the test set has ${ctx.testCount} slices: with so few, a difference of a few hundredths in AUC or in mass inside is within noise (seed-to-seed bands: reference/results/lab8.json).`,
    `- The lesions are small (mean area fraction ${f3(subjects[0]?.gradcam.meanChance ?? NaN)}), while Grad-CAM's resolution is ${subjects.map((s) => `${s.camSize[0]}×${s.camSize[1]} (${s.id})`).join(', ')}: a coarse map cannot be sharp on a lesion of a few pixels, so a high ratio over chance, not a mass near 1, is the realistic goal.`,
    '- A map above chance shows where the model looks, not that its reasoning is clinically right; the FP and FN overlays are the ones to read with a radiologist.',
    '- Robustness here is to synthetic corruptions at one threshold; a model for the clinic needs testing on scans from other scanners and protocols.',
    '');
  return lines.join('\n');
}
