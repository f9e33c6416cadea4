/**
 * ct-unet2d end to end for one seed: generate the ct-subjects (synthetic subjects from the
 * real head CT), window and slice them, train the 2D U-Net with early stopping on the
 * validation subjects, segment the independent test subjects, score per-class Dice, check
 * anatomical plausibility, and with outDir write figures, CSVs, metrics.json and summary.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend, type BackendName } from '../../core/backend.js';
import { createRng } from '../../core/seed.js';
import { CT_CLASSES } from '../../data/ct-subjects/subject.js';
import type { ReferenceConfig, ReferenceEntry, ReferenceRunResult } from '../../registry/types.js';
import { CT_WINDOWS, ctUnetConfig, type CtUnetConfig } from './config.js';
import { loadCtData, volumesToSlices } from './data.js';
import { predictSlices, scoreVolumes, thresholdBaseline, toVolumes, type SplitScores } from './evaluate.js';
import { writeFigures } from './figures.js';
import { compileUnet, createUnet2d } from './model.js';
import { checkPlausibility, plausibilityCsv, removeSmallComponents, type PlausibilityReport } from './plausibility.js';
import { summaryMarkdown } from './summary.js';
import { disposeModelAndOptimizer } from '../../core/fit.js';
import { fitWithEarlyStopping, type EpochRecord } from './train.js';

export interface CtUnetDetails {
  test: SplitScores;
  baselines: { allBackground: SplitScores; threshold: SplitScores };
  plausibility: PlausibilityReport[];
  /** The same after removing lesion components below config.minLesionVoxels (reported beside the raw result). */
  cleaned: { test: SplitScores; plausibility: PlausibilityReport[] };
  history: EpochRecord[];
  bestEpoch: number;
  params: number;
  counts: { trainSubjects: number; valSubjects: number; testSubjects: number; trainSlices: number; size: number };
  spacing: number[];
  trainSeconds: number;
  files: string[];
}

export async function runCtUnet2d(config: CtUnetConfig, seed: number, outDir?: string, prefer?: BackendName): Promise<{ result: ReferenceRunResult; details: CtUnetDetails }> {
  const backend = await selectBackend(prefer ? { prefer } : {});
  const rng = createRng(seed);
  const data = await loadCtData(config);
  const train = volumesToSlices(data.train, CT_WINDOWS);
  const val = volumesToSlices(data.val, CT_WINDOWS);
  const test = volumesToSlices(data.test, CT_WINDOWS);
  const model = compileUnet(createUnet2d({ size: train.size, channels: train.channels, classes: CT_CLASSES.length, base: config.base, depth: config.depth }, rng.fork()), config.learningRate, config.classWeights);
  let fit: Awaited<ReturnType<typeof fitWithEarlyStopping>>;
  let preds: Uint8Array[];
  const params = model.countParams();
  const t0 = Date.now();
  try {
    fit = await fitWithEarlyStopping(model, train, { slices: val, volumes: data.val }, rng.fork(), { epochs: config.epochs, patience: config.patience, batchSize: config.batchSize, classes: CT_CLASSES.length });
    preds = toVolumes(await predictSlices(model, test), data.test);
  } finally {
    disposeModelAndOptimizer(model);
  }
  const trainSeconds = (Date.now() - t0) / 1000;
  const scores = scoreVolumes(preds, data.test);
  const plausibility = data.test.map((v, i) => checkPlausibility(v.id, preds[i]!, v.labels, v.shape, CT_CLASSES));
  const cleanedPreds = data.test.map((v, i) => removeSmallComponents(preds[i]!, v.shape, 2, config.minLesionVoxels));
  const cleaned = {
    test: scoreVolumes(cleanedPreds, data.test),
    plausibility: data.test.map((v, i) => checkPlausibility(v.id, cleanedPreds[i]!, v.labels, v.shape, CT_CLASSES)),
  };
  const details: CtUnetDetails = {
    test: scores,
    baselines: {
      allBackground: scoreVolumes(data.test.map((v) => new Uint8Array(v.labels.length)), data.test),
      threshold: scoreVolumes(data.test.map(thresholdBaseline), data.test),
    },
    plausibility, cleaned, history: fit.history, bestEpoch: fit.bestEpoch, params,
    counts: { trainSubjects: data.train.length, valSubjects: data.val.length, testSubjects: data.test.length, trainSlices: train.count, size: train.size },
    spacing: data.spacing, trainSeconds, files: [],
  };
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    details.files.push(...await writeFigures(outDir, { volumes: data.test, preds, history: fit.history, bestEpoch: fit.bestEpoch, plausibility }));
    writeFileSync(join(outDir, 'plausibility.csv'), plausibilityCsv(plausibility));
    writeFileSync(join(outDir, 'test_dice.csv'), ['subject,dice_bone,dice_lesion,iou_bone,iou_lesion', ...scores.perSubject.map((s) => [s.subject, s.dice['bone'], s.dice['lesion'], s.iou['bone'], s.iou['lesion']].map((v) => (typeof v === 'number' ? v.toFixed(4) : v)).join(','))].join('\n') + '\n');
    details.files.push('plausibility.csv', 'test_dice.csv', 'metrics.json', 'summary.md');
    writeFileSync(join(outDir, 'metrics.json'), JSON.stringify({ config, seed, backend: backend.name, dataChecksums: data.checksums, ...details }, null, 2) + '\n');
    writeFileSync(join(outDir, 'summary.md'), summaryMarkdown(details, config, seed, backend.name));
  }
  const result: ReferenceRunResult = {
    metrics: {
      dice_bone: scores.dice_bone, dice_lesion: scores.dice_lesion, mean_dice: scores.mean_dice, iou_bone: scores.iou_bone, iou_lesion: scores.iou_lesion,
      threshold_mean_dice: details.baselines.threshold.mean_dice,
      plausible_rate: plausibility.filter((p) => p.plausible).length / plausibility.length,
      mean_dice_cleaned: cleaned.test.mean_dice,
      plausible_rate_cleaned: cleaned.plausibility.filter((p) => p.plausible).length / plausibility.length,
    },
    // A test subject counts as wrong when its mean foreground Dice is below 0.5 or its prediction is implausible.
    perExample: scores.perSubject.map((s, i) => ((s.dice['bone']! + s.dice['lesion']!) / 2 < 0.5 || !plausibility[i]!.plausible ? 1 : 0)),
    n: data.test.length, dataChecksums: data.checksums, backend: backend.name, synthetic: true,
    versions: { 'tfjs-backend': `${backend.name} (${backend.detail.package})` },
  };
  return { result, details };
}

export function ctUnet2dReference(options: { prefer?: BackendName } = {}): ReferenceEntry {
  return {
    description: 'CT 2D U-Net: bone and inserted-lesion segmentation on synthetic subjects from the real InVesalius head CT, HU windows, subject split, per-class Dice, plausibility check (tfjs)',
    run: async (config: ReferenceConfig, seed: number, outDir?: string) => (await runCtUnet2d(ctUnetConfig(config), seed, outDir, options.prefer)).result,
  };
}
