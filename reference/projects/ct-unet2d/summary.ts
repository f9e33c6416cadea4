/** summary.md, written from the run's own numbers. */
import { CT_WINDOWS, type CtUnetConfig } from './config.js';
import { PLAUSIBILITY_RULES } from './plausibility.js';
import type { CtUnetDetails } from './run.js';

const f3 = (v: number): string => v.toFixed(3);

export function summaryMarkdown(d: CtUnetDetails, config: CtUnetConfig, seed: number, backend: string): string {
  const flagged = d.plausibility.filter((p) => !p.plausible);
  const R = PLAUSIBILITY_RULES;
  return [
    `# ct-unet2d: 2D U-Net on CT slices (config ${config.name}, seed ${seed}, backend ${backend})`, '',
    `Data: SYNTHETIC subjects derived from one REAL head CT (medgrade data ct-subjects, seed ${config.data.seed}), ${config.data.shape.join('×')} voxels of ${d.spacing.map((s) => s.toFixed(2)).join('×')} mm.`,
    `Split by subject: ${d.counts.trainSubjects} train (${d.counts.trainSlices} slices), ${d.counts.valSubjects} validation, ${d.counts.testSubjects} test subjects; no subject's slices straddle splits.`,
    'All subjects share one base anatomy, so this test Dice is an optimistic estimate of generalisation to new patients.',
    `Input: ${CT_WINDOWS.map((w) => `${w.name} window (L ${w.level}, W ${w.width})`).join(' and ')}, one channel each. Classes: bone, inserted hyperdense lesion.`,
    `Model: U-Net, depth ${config.depth}, ${config.base} base filters, ${d.params} parameters; Adam ${config.learningRate}, weighted cross-entropy (${config.classWeights.join(', ')}) + soft Dice; best validation epoch ${d.bestEpoch} of ${d.history.length} restored; ${d.trainSeconds.toFixed(1)} s training.`, '',
    '## Test Dice (mean over test subjects; 1.0 when prediction and truth are both empty)', '',
    '| method | dice_bone | dice_lesion | mean_dice |', '| --- | --- | --- | --- |',
    `| 2D U-Net | ${f3(d.test.dice_bone)} | ${f3(d.test.dice_lesion)} | ${f3(d.test.mean_dice)} |`,
    `| 2D U-Net, lesion components < ${config.minLesionVoxels} voxels removed | ${f3(d.cleaned.test.dice_bone)} | ${f3(d.cleaned.test.dice_lesion)} | ${f3(d.cleaned.test.mean_dice)} |`,
    `| threshold baseline (bone ≥ 226 HU, lesion 60–100 HU) | ${f3(d.baselines.threshold.dice_bone)} | ${f3(d.baselines.threshold.dice_lesion)} | ${f3(d.baselines.threshold.mean_dice)} |`,
    `| all background | ${f3(d.baselines.allBackground.dice_bone)} | ${f3(d.baselines.allBackground.dice_lesion)} | ${f3(d.baselines.allBackground.mean_dice)} |`, '',
    `The U-Net's mean Dice is ${f3(d.test.mean_dice - d.baselines.allBackground.mean_dice)} above all-background and ${f3(d.test.mean_dice - d.baselines.threshold.mean_dice)} ${d.test.mean_dice >= d.baselines.threshold.mean_dice ? 'above' : 'below'} the threshold baseline.`, '',
    `IoU (U-Net): bone ${f3(d.test.iou_bone)}, lesion ${f3(d.test.iou_lesion)}.`, '',
    '| subject | dice_bone | dice_lesion | iou_bone | iou_lesion |', '| --- | --- | --- | --- | --- |',
    ...d.test.perSubject.map((s) => `| ${s.subject} | ${f3(s.dice['bone']!)} | ${f3(s.dice['lesion']!)} | ${f3(s.iou['bone']!)} | ${f3(s.iou['lesion']!)} |`), '',
    '## Anatomical plausibility of the test predictions', '',
    `Rules: volume ratio pred/truth outside [${R.volumeRatio.join(', ')}]; more than ${R.componentFactor}× the true number of 6-connected components + ${R.componentSlack}; voxels of a class the truth lacks (> ${R.spuriousVoxels}); a slice gap the truth does not have.`, '',
    '| subject | class | volume ratio | components (truth) | gaps | flags |', '| --- | --- | --- | --- | --- | --- |',
    ...d.plausibility.flatMap((p) => p.classes.map((c) => `| ${p.subject} | ${c.class} | ${c.volumeRatio === null ? '—' : c.volumeRatio.toFixed(2)} | ${c.components} (${c.truthComponents}) | ${c.gaps} | ${c.flags.join(', ') || 'ok'} |`)), '',
    `${d.plausibility.length - flagged.length} of ${d.plausibility.length} test predictions are plausible${flagged.length ? `; flagged: ${flagged.map((p) => p.subject).join(', ')}` : ''}.`,
    `After removing lesion components under ${config.minLesionVoxels} voxels: ${d.cleaned.plausibility.filter((p) => p.plausible).length} of ${d.cleaned.plausibility.length} plausible (${d.cleaned.plausibility.flatMap((p) => p.classes.filter((c) => c.flags.length).map((c) => `${p.subject} ${c.class}: ${c.flags.join(', ')}`)).join('; ') || 'no flags'}).`, '',
    d.files.length ? 'Figures: overlays.png (rows: test subjects at their largest-lesion slice; columns: brain window, bone window, truth, prediction, bone and lesion agreement: green TP, blue FP, red FN), curves.svg, plausibility.svg; tables: test_dice.csv, plausibility.csv.' : '', '',
  ].join('\n');
}
