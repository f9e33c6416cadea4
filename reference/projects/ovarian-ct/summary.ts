/** summary.md of one run, written from the run's own numbers. */
import { VOLUME_ERROR_DICE } from './config.js';
import type { OvarianDetails } from './run.js';

const f3 = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(3));

export function summaryMarkdown(d: OvarianDetails): string {
  const c = d.config, m = d.metrics, h = d.history;
  const bg = d.baselines.allBackground, hu = d.baselines.huBand;
  const last = h.steps[h.steps.length - 1];
  return [
    `# ovarian-ct reference (config ${c.name}, seed ${d.seed}) — SYNTHETIC data`, '',
    `**The data are SYNTHETIC**: lesions inserted into the real InVesalius head CT (\`medgrade data ovarian-synthetic\`), exact labels 0 background, 1 primary tumour, 2 metastasis. The anatomy is a head, not an abdomen; these numbers measure the pipeline, not clinical performance.`, '',
    `Volumes ${c.shape.join('×')} voxels; split by patient: ${d.patients.train.length} train, ${d.patients.val.length} validation, ${d.patients.test.length} test patients (test: ${d.patients.test.join(', ')}).`,
    `3D U-Net, features [${c.features.join(', ')}], ${d.params} parameters, trained on ${c.crop.join('×')} crops (${Math.round(c.foregroundProb * 100)}% containing a lesion) and applied to whole volumes through overlapping windows of the same size (overlap ${c.overlap}), SE blocks, residual connections, deep supervision (weight ${c.deepWeight}); loss Dice + ${c.ceWeight}·weighted CE (background weight ${c.backgroundWeight}); AdamW (weight decay ${c.weightDecay}, amsgrad ${c.amsgrad}) with one-cycle to max lr ${c.maxLr} over ${c.epochs} epochs × ${d.patients.train.length * c.cropsPerPatient} steps, stepped per optimisation step (${h.steps.length} steps run; last lr ${last ? last.lr.toExponential(2) : 'n/a'}).`,
    `Training ${h.epochs.length} epochs in ${d.trainSeconds.toFixed(1)} s on ${d.backend}; best validation Dice ${f3(h.bestValDice)} at epoch ${h.bestEpoch}${h.stoppedEarly ? ' (early stopping)' : ''}; the best epoch's weights are the ones tested.`, '',
    '## Test set (means over volumes)', '',
    '| | Dice primary | Dice metastasis | mean Dice (foreground) | IoU primary | IoU metastasis | Dice background |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    `| 3D U-Net | ${f3(m.dice_primary)} | ${f3(m.dice_metastasis)} | ${f3(m.mean_dice)} | ${f3(m.iou_primary)} | ${f3(m.iou_metastasis)} | ${f3(m.dice_background)} |`,
    `| baseline: all background | ${f3(bg.dice_primary)} | ${f3(bg.dice_metastasis)} | ${f3(bg.mean_dice)} | ${f3(bg.iou_primary)} | ${f3(bg.iou_metastasis)} | ${f3(bg.dice_background)} |`,
    `| baseline: HU ${hu.lo}–${hu.hi} → primary (fitted on train) | ${f3(hu.dice_primary)} | ${f3(hu.dice_metastasis)} | ${f3(hu.mean_dice)} | ${f3(hu.iou_primary)} | ${f3(hu.iou_metastasis)} | ${f3(hu.dice_background)} |`, '',
    `Dice follows the course notebook's convention (1.0 when prediction and truth are both empty). MONAI's DiceMetric (empty truth → NaN, skipped) gives background ${f3(d.monaiDice[0])}, primary ${f3(d.monaiDice[1])}, metastasis ${f3(d.monaiDice[2])}; per volume in per_class_dice.csv.`,
    `The U-Net's mean foreground Dice is ${f3((m.mean_dice ?? 0) - (bg.mean_dice ?? 0))} above all-background and ${f3((m.mean_dice ?? 0) - (hu.mean_dice ?? 0))} above the HU-band baseline.`,
    `For the registry, a test volume counts as an error when its mean foreground Dice is below ${VOLUME_ERROR_DICE}.`, '',
    'Figures: overlays.png (rows: two test volumes, each at the axial slice with most primary, then most metastasis voxels; columns: CT, truth, prediction; red primary, yellow metastasis), curves.svg (losses and validation Dice per epoch), lr_schedule.svg (learning rate and β1 per step).', '',
  ].join('\n');
}
