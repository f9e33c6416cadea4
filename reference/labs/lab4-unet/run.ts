/**
 * Lab 4 end to end for one seed: real ITK T1 slices with grouped k-means labels, resized and
 * cut into patches; the same U-Net trained from the same initial weights on the same patches
 * with cross-entropy and with soft Dice loss; the loss whose model has the higher validation
 * mean Dice is the lab's answer (the test set is looked at once, after that choice); Dice and
 * IoU per class on the test slices at their stored 128×128 resolution, against a mean mask.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nanMean } from '../../../harness/metrics/index.js';
import { selectBackend, type BackendName } from '../../core/backend.js';
import { createRng } from '../../core/seed.js';
import type { ReferenceConfig, ReferenceEntry, ReferenceRunResult } from '../../registry/types.js';
import { LAB4_BASELINE_MARGIN, lab4Config, type Lab4Config } from './config.js';
import { LAB4_CLASSES, loadItkSlices, meanMask, resizeSlice, samplePatches, type SplitName } from './data.js';
import { predictSlices, scoreSlices, type SegScores } from './evaluate.js';
import { curvesSvg, diceBarsSvg, overlaysPng, patchesPng } from './figures.js';
import { compileUnet, createUnet, type LossName } from './model.js';
import { disposeModelAndOptimizer, fitUnet, type EpochLog } from './train.js';

export interface LossRun { loss: LossName; params: number; log: EpochLog[]; valMeanDice: number; test: SegScores; seconds: number }
export interface Lab4Details {
  runs: Record<LossName, LossRun>;
  selected: LossName;
  baseline: SegScores;
  slices: Record<SplitName, number[]>;
  classes: readonly string[];
  files: string[];
}

/** A test slice whose mean foreground Dice is below this counts as an error in perExample. */
export const LAB4_SLICE_ERROR_DICE = 0.7;
const LOSSES: readonly LossName[] = ['cross_entropy', 'dice'];

export async function runLab4(config: Lab4Config, seed: number, outDir?: string, prefer?: BackendName): Promise<{ result: ReferenceRunResult; details: Lab4Details }> {
  const backend = await selectBackend(prefer ? { prefer } : {});
  const C = LAB4_CLASSES.length;
  const data = loadItkSlices();
  const resized = (k: SplitName) => data.slices[k].map((s) => resizeSlice(s, config.size, C));
  const train = resized('train'), val = resized('val'), test = resized('test');
  const rng = createRng(seed);
  // One initialisation and one patch stream for both losses, so only the loss differs.
  const initSeed = rng.seed(), patchSeed = rng.seed();
  const runs = {} as Record<LossName, LossRun>;
  const predictions = {} as Record<LossName, Uint8Array[]>;
  for (const loss of LOSSES) {
    const model = compileUnet(createUnet(config.patch, C, config.base, createRng(initSeed)), loss, config.learningRate);
    try {
      const t0 = Date.now();
      const log = await fitUnet(model, train, val, createRng(patchSeed), config, C);
      const valMeanDice = scoreSlices(predictSlices(model, val, config.patch), data.slices.val, C).meanDice;
      predictions[loss] = predictSlices(model, test, config.patch);
      runs[loss] = { loss, params: model.countParams(), log, valMeanDice, test: scoreSlices(predictions[loss], data.slices.test, C), seconds: (Date.now() - t0) / 1000 };
    } finally {
      disposeModelAndOptimizer(model);
    }
  }
  const selected: LossName = runs.dice.valMeanDice > runs.cross_entropy.valMeanDice ? 'dice' : 'cross_entropy';
  const mask = meanMask(data.slices.train, C);
  const baseline = scoreSlices(data.slices.test.map(() => mask), data.slices.test, C);
  const details: Lab4Details = {
    runs, selected, baseline, classes: LAB4_CLASSES, files: [],
    slices: { train: data.slices.train.map((s) => s.z), val: data.slices.val.map((s) => s.z), test: data.slices.test.map((s) => s.z) },
  };
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    const rows = [0, 2, 4, 7].filter((i) => i < test.length);
    writeFileSync(join(outDir, 'overlays.png'), overlaysPng(rows.map((i) => data.slices.test[i]!), [
      rows.map((i) => predictions.cross_entropy[i]!), rows.map((i) => predictions.dice[i]!), rows.map(() => mask)]));
    writeFileSync(join(outDir, 'patches.png'), patchesPng(samplePatches(createRng(patchSeed), train, 8, config.patch, C), 8));
    writeFileSync(join(outDir, 'curves.svg'), await curvesSvg({ 'cross-entropy': runs.cross_entropy.log, 'soft Dice': runs.dice.log }));
    writeFileSync(join(outDir, 'dice_per_class.svg'), await diceBarsSvg({ 'cross-entropy': runs.cross_entropy.test.dice, 'soft Dice': runs.dice.test.dice, 'mean mask': baseline.dice }));
    details.files.push('overlays.png', 'patches.png', 'curves.svg', 'dice_per_class.svg');
    writeFileSync(join(outDir, 'metrics.json'), JSON.stringify({ config, seed, backend: backend.name, ...details }, (_, v) => (typeof v === 'number' && Number.isNaN(v) ? null : v), 2) + '\n');
    writeFileSync(join(outDir, 'summary.md'), lab4Summary(details, config, seed));
    details.files.push('metrics.json', 'summary.md');
  }
  const best = runs[selected].test;
  const metrics: Record<string, number> = {};
  const samplingVariance: Record<string, number> = {};
  LAB4_CLASSES.forEach((name, c) => {
    metrics[`dice_${name}`] = best.dice[c]!; samplingVariance[`dice_${name}`] = best.diceVariance[c]!;
    metrics[`iou_${name}`] = best.iou[c]!;
  });
  metrics['mean_dice'] = best.meanDice;
  metrics['mean_iou'] = best.meanIou;
  metrics['cross_entropy_mean_dice'] = runs.cross_entropy.test.meanDice;
  metrics['dice_loss_mean_dice'] = runs.dice.test.meanDice;
  metrics['baseline_mean_dice'] = baseline.meanDice;
  samplingVariance['mean_dice'] = variance(best.perSlice) / best.perSlice.length;
  const result: ReferenceRunResult = {
    metrics, samplingVariance,
    perExample: best.perSlice.map((d) => (d < LAB4_SLICE_ERROR_DICE ? 1 : 0)),
    n: data.slices.test.length, dataChecksums: data.checksums, backend: backend.name, synthetic: false,
    versions: { 'tfjs-backend': `${backend.name} (${backend.detail.package})` },
  };
  return { result, details };
}

function variance(v: readonly number[]): number {
  if (v.length < 2) return 0;
  const m = nanMean(v);
  return v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
}

const f3 = (v: number): string => (Number.isNaN(v) ? 'n/a' : v.toFixed(3));

export function lab4Summary(d: Lab4Details, config: Lab4Config, seed: number): string {
  const { cross_entropy: ce, dice } = d.runs;
  const best = d.runs[d.selected];
  const margin = best.test.meanDice - d.baseline.meanDice;
  const row = (name: string, s: SegScores) => `| ${name} | ${s.dice.slice(1).map(f3).join(' | ')} | ${f3(s.meanDice)} | ${f3(s.meanIou)} |`;
  const gains = d.classes.slice(1).map((c, i) => ({ c, g: dice.test.dice[i + 1]! - ce.test.dice[i + 1]! })).sort((a, b) => b.g - a.g);
  return [
    `# Lab 4: 2D U-Net segmentation, cross-entropy vs soft Dice loss (config ${config.name}, seed ${seed})`, '',
    `Data: coronal slices of the ITK T1 (128×128×62, real MR) with ITK's k-means segmentation grouped into ${d.classes.length} classes (${d.classes.join(', ')}); intensity clusters, not an expert tracing; labelled voxels where the T1 is blanked to 0 count as background.`,
    `Split by slabs of 5 slices with a 1-slice gap where the split changes: ${d.slices.train.length} train, ${d.slices.val.length} validation, ${d.slices.test.length} test slices (test z = ${d.slices.test.join(', ')}).`,
    `Slices resized from 128² to ${config.size}² (block mean; majority vote for masks); U-Net (base ${config.base}, ${ce.params} parameters) trained on ${config.patchesPerEpoch} random ${config.patch}² patches per epoch for ${config.epochs} epochs; test slices predicted tile by tile, upsampled back and scored at 128².`, '',
    `Test Dice per foreground class (mean over slices), mean foreground Dice and IoU:`, '',
    `| model | ${d.classes.slice(1).join(' | ')} | mean Dice | mean IoU |`, `| --- |${' --- |'.repeat(d.classes.length + 1)}`,
    row('U-Net, cross-entropy', ce.test), row('U-Net, soft Dice', dice.test), row('mean mask (baseline)', d.baseline), '',
    `Validation mean Dice: cross-entropy ${f3(ce.valMeanDice)}, soft Dice ${f3(dice.valMeanDice)}; the selected loss is **${d.selected === 'dice' ? 'soft Dice' : 'cross-entropy'}** (chosen on validation, before the test set was scored).`,
    `Soft Dice minus cross-entropy on test: mean Dice ${f3(dice.test.meanDice - ce.test.meanDice)}; per class from ${f3(gains.at(-1)!.g)} (${gains.at(-1)!.c}) to ${f3(gains[0]!.g)} (${gains[0]!.c}).`,
    `The selected U-Net beats the mean mask by ${f3(margin)} mean Dice (the lab claims at least ${LAB4_BASELINE_MARGIN}): ${margin >= LAB4_BASELINE_MARGIN ? 'claim holds' : 'claim FAILS'}.`,
    `Training time: cross-entropy ${ce.seconds.toFixed(1)} s, soft Dice ${dice.seconds.toFixed(1)} s.`,
    d.files.length ? '\nFigures: overlays.png (rows: test slices; columns: T1, truth, cross-entropy, soft Dice, mean mask; colours: extracerebral orange, CSF blue, grey matter green, white matter yellow), patches.png (training patches and their masks), curves.svg, dice_per_class.svg.' : '', '',
  ].join('\n');
}

/** `prefer` picks the backend; without it the best available one (native TensorFlow when built). */
export function lab4Reference(options: { prefer?: BackendName } = {}): ReferenceEntry {
  return {
    description: 'Lab 4: 2D U-Net on ITK T1 slices (k-means tissue classes), cross-entropy vs soft Dice loss, tfjs',
    run: async (config: ReferenceConfig, seed: number, outDir?: string) => (await runLab4(lab4Config(config), seed, outDir, options.prefer)).result,
  };
}
