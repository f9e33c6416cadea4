/**
 * The ovarian-ct reference end to end for one seed, on SYNTHETIC data: generate the cases
 * (fixed data seed), split by patient, train the 3D U-Net, score the test volumes per class,
 * compare with two trivial baselines, write metrics.json, per_class_dice.csv, figures and
 * summary.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend, type BackendName } from '../../core/backend.js';
import { createRng } from '../../core/seed.js';
import { generateOvarianSynthetic } from '../../data/ovarian-synthetic/index.js';
import type { ReferenceConfig, ReferenceEntry, ReferenceRunResult } from '../../registry/types.js';
import { ovarianConfig, VOLUME_ERROR_DICE, type OvarianConfig } from './config.js';
import { loadCases, splitByPatient, windowHu, type CtCase } from './data.js';
import { allBackground, applyHuBand, fitHuBand, monaiMeans, perClassCsv, scoreVolume, summariseScores, type HuBand } from './evaluate.js';
import { busiestSlice, writeFigures } from './figures.js';
import { predictSliding } from './infer.js';
import { countParams, createUNet } from './model.js';
import { summaryMarkdown } from './summary.js';
import { CLASSES, trainUNet, type EpochRecord, type TrainHistory } from './train.js';

export interface OvarianDetails {
  config: OvarianConfig;
  seed: number;
  backend: string;
  params: number;
  patients: { train: string[]; val: string[]; test: string[] };
  history: TrainHistory;
  metrics: Record<string, number>;
  monaiDice: number[];
  baselines: { allBackground: Record<string, number>; huBand: Record<string, number> & { lo: number; hi: number } };
  trainSeconds: number;
  files: string[];
}

function predict(net: ReturnType<typeof createUNet>, c: CtCase, config: OvarianConfig): Uint8Array {
  return predictSliding(net, windowHu(c.hu, config.windowHu), c.shape, config.crop, config.overlap);
}

/** Generates the SYNTHETIC cases into a scratch folder and reads them back through the real-layout loader. */
export async function loadSyntheticCases(config: OvarianConfig): Promise<{ cases: CtCase[]; checksums: Record<string, string> }> {
  const scratch = mkdtempSync(join(tmpdir(), 'medgrade-ovarian-'));
  try {
    const patients = config.split.train + config.split.val + config.split.test;
    const gen = await generateOvarianSynthetic({ out: scratch, seed: config.dataSeed, patients, shape: config.shape });
    const { cases } = loadCases(scratch);
    return { cases, checksums: { [`ovarian-synthetic seed ${config.dataSeed} ${patients}×${config.shape.join('x')}`]: gen.digest } };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function runOvarian(config: OvarianConfig, seed: number, outDir?: string, prefer: BackendName = 'wasm', onEpoch?: (e: EpochRecord) => void): Promise<{ result: ReferenceRunResult; details: OvarianDetails }> {
  const backend = await selectBackend({ prefer });
  const { cases, checksums } = await loadSyntheticCases(config);
  // The split depends on the data seed only, so every training seed sees the same test set.
  const split = splitByPatient(cases, config.split, createRng(config.dataSeed));
  const rng = createRng(seed);
  const net = createUNet({ features: config.features, classes: CLASSES, seReduction: config.seReduction }, rng.fork());
  const files: string[] = [];
  try {
    const t0 = Date.now();
    const history = trainUNet(net, split.train, split.val, config, rng.fork(), onEpoch);
    const trainSeconds = (Date.now() - t0) / 1000;
    const preds = split.test.map((c) => predict(net, c, config));
    const scores = split.test.map((c, i) => scoreVolume(c, preds[i]!));
    const { metrics, samplingVariance } = summariseScores(scores);
    const band: HuBand = fitHuBand(split.train);
    const baselines = {
      allBackground: summariseScores(split.test.map((c) => scoreVolume(c, allBackground(c)))).metrics,
      huBand: { ...summariseScores(split.test.map((c) => scoreVolume(c, applyHuBand(c, band)))).metrics, ...band },
    };
    const details: OvarianDetails = {
      config, seed, backend: backend.name, params: countParams(net),
      patients: { train: split.train.map((c) => c.patient), val: split.val.map((c) => c.patient), test: split.test.map((c) => c.patient) },
      history, metrics, monaiDice: monaiMeans(scores), baselines, trainSeconds, files,
    };
    if (outDir) {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, 'per_class_dice.csv'), perClassCsv(scores));
      const rows = split.test.slice(0, 2).flatMap((c, i) => [1, 2].map((label) => ({ case: c, pred: preds[i]!, z: busiestSlice(c, label) })));
      files.push('per_class_dice.csv', ...(await writeFigures(outDir, rows, history, config.windowHu)), 'metrics.json', 'summary.md');
      writeFileSync(join(outDir, 'metrics.json'), JSON.stringify({ synthetic: true, ...details, perVolume: scores }, null, 2) + '\n');
      writeFileSync(join(outDir, 'summary.md'), summaryMarkdown(details));
    }
    const result: ReferenceRunResult = {
      metrics: { dice_primary: metrics.dice_primary!, dice_metastasis: metrics.dice_metastasis!, mean_dice: metrics.mean_dice!, iou_primary: metrics.iou_primary!, iou_metastasis: metrics.iou_metastasis! },
      samplingVariance,
      perExample: scores.map((s) => (s.meanForeground < VOLUME_ERROR_DICE ? 1 : 0)),
      n: scores.length, dataChecksums: checksums, backend: backend.name, synthetic: true,
      versions: { 'tfjs-backend': `${backend.name} (${backend.detail.package})` },
    };
    return { result, details };
  } finally {
    net.dispose();
  }
}

export function ovarianReference(options: { prefer?: BackendName } = {}): ReferenceEntry {
  return {
    description: 'ovarian-ct: 3D U-Net (SE, residual, deep supervision), Dice + weighted CE, AdamW one-cycle, on SYNTHETIC lesion-inserted CT (tfjs)',
    run: async (config: ReferenceConfig, seed: number, outDir?: string) => (await runOvarian(ovarianConfig(config), seed, outDir, options.prefer ?? 'wasm')).result,
  };
}
