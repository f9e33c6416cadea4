/**
 * One seed of the COVID reference, tasks 1–2 end to end: data → statistics → search →
 * retrain on train+val → save/reload through the core's model IO → single test evaluation.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { selectBackend, type BackendName } from '../../core/backend.js';
import { loadModel, saveModel } from '../../core/model-io.js';
import { createRng } from '../../core/seed.js';
import { generateCovidSynthetic, loadImageFolderSplit, type ImageEntry } from '../../data/covid-synthetic/index.js';
import type { ReferenceConfig, ReferenceEntry, ReferenceRunResult } from '../../registry/types.js';
import { covidConfig, type CovidConfig } from './config.js';
import { concatSets, loadImageSet, normalise, splitStatistics, type ImageSet, type SplitStatistics } from './data.js';
import { evaluatePredictions, predictProbabilities, type Evaluation } from './evaluate.js';
import { createBaselineModel, disposeModel } from './model.js';
import { fitModel, gridOf, searchCsv, searchHyperparameters, type FitResult, type SearchResult } from './train.js';
import { writeBaselineFigures } from './report.js';

export interface CovidRunDetails {
  statistics: Record<'train' | 'val' | 'test', SplitStatistics>;
  search: SearchResult;
  evaluation: Evaluation;
  /** Largest |p_saved − p_reloaded| over the test set: the model IO round trip. */
  reloadMaxDiff: number;
  backend: string;
}

export interface CovidRunOptions {
  /** Keeps the search CSV and the saved model here; otherwise a temporary folder is removed. */
  workDir?: string;
  /** Backend to start from (selectBackend's order otherwise). */
  prefer?: BackendName;
}

function folderChecksum(entries: readonly ImageEntry[], root: string): string {
  const h = createHash('sha256');
  for (const e of entries) h.update(`${relative(root, e.path)} ${createHash('sha256').update(readFileSync(e.path)).digest('hex')}\n`);
  return h.digest('hex');
}

export interface CovidSplits { raw: Record<'train' | 'val' | 'test', ImageSet>; statistics: Record<'train' | 'val' | 'test', SplitStatistics>; dataChecksums: Record<string, string> }

/** Generates (synthetic) or reads (folder) the data, loads the three splits unnormalised and describes them (task 1). */
export async function loadCovidData(config: CovidConfig, scratch: string): Promise<CovidSplits> {
  const dataChecksums: Record<string, string> = {};
  let dataDir: string;
  if (config.data.kind === 'synthetic') {
    const { count, size, seed: dataSeed } = config.data;
    dataDir = join(scratch, 'data');
    const gen = await generateCovidSynthetic({ out: dataDir, count, size, seed: dataSeed });
    dataChecksums[`covid-synthetic count=${count} size=${size} seed=${dataSeed}`] = gen.digest;
  } else {
    dataDir = config.data.dir;
  }
  const entries = loadImageFolderSplit(dataDir, { require: ['train', 'val', 'test'] });
  if (config.data.kind === 'folder') dataChecksums['covid_xray'] = folderChecksum(entries, dataDir);
  const raw = {
    train: loadImageSet(entries.filter((e) => e.split === 'train'), config.imageSize),
    val: loadImageSet(entries.filter((e) => e.split === 'val'), config.imageSize),
    test: loadImageSet(entries.filter((e) => e.split === 'test'), config.imageSize),
  };
  const statistics = { train: splitStatistics(raw.train), val: splitStatistics(raw.val), test: splitStatistics(raw.test) };
  return { raw, statistics, dataChecksums };
}

export async function runCovidXray(config: CovidConfig, seed: number, options: CovidRunOptions = {}): Promise<{ result: ReferenceRunResult; details: CovidRunDetails }> {
  const backend = await selectBackend(options.prefer ? { prefer: options.prefer } : {});
  const scratch = mkdtempSync(join(tmpdir(), 'medgrade-covid-'));
  const work = options.workDir ?? scratch;
  mkdirSync(work, { recursive: true });
  try {
    const { raw, statistics, dataChecksums } = await loadCovidData(config, scratch);
    const [train, val, test] = [raw.train, raw.val, raw.test].map((set) => normalise(set, statistics.train)) as [ImageSet, ImageSet, ImageSet];

    const rng = createRng(seed);
    const fitOpts = { epochs: config.maxEpochs, batchSize: config.batchSize, patience: config.patience, augment: config.augment };
    const search = await searchHyperparameters(train, val, gridOf(config.search), rng.fork(), fitOpts);
    writeFileSync(join(work, 'baseline_search.csv'), searchCsv(search.rows));

    // Retrain on train+val for the epochs early stopping found; no validation set is left to stop on.
    const finalRng = rng.fork();
    const model = createBaselineModel(config.imageSize, search.best, finalRng);
    let saved: Float32Array, reloadedProbs: Float32Array, finalFit: FitResult;
    try {
      finalFit = await fitModel(model, concatSets(train, val), null, finalRng, { ...fitOpts, epochs: search.best.best_epoch, patience: undefined });
      await saveModel(model, join(work, 'model'));
      saved = await predictProbabilities(model, test);
    } finally {
      disposeModel(model);
    }
    const reloaded = await loadModel(join(work, 'model'));
    try {
      reloadedProbs = await predictProbabilities(reloaded, test);
    } finally {
      disposeModel(reloaded);
    }
    const reloadMaxDiff = saved.reduce((m, p, i) => Math.max(m, Math.abs(p - reloadedProbs[i]!)), 0);
    const evaluation = evaluatePredictions(test.y, reloadedProbs, 0.5, seed);
    if (options.workDir) await writeBaselineFigures(work, { raw, statistics, search, finalFit, evaluation, probs: reloadedProbs, config, seed, reloadMaxDiff });
    const result: ReferenceRunResult = {
      metrics: evaluation.metrics, perExample: evaluation.perExample, n: test.count, dataChecksums,
      backend: backend.name, synthetic: config.data.kind === 'synthetic', samplingVariance: evaluation.samplingVariance,
      versions: { 'tfjs-backend': `${backend.name} (${backend.detail.package})` },
    };
    return { result, details: { statistics, search, evaluation, reloadMaxDiff, backend: backend.name } };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The registry entry: config name → CovidConfig, one seed, the numbers only. */
export function covidXrayReference(options: CovidRunOptions = {}): ReferenceEntry {
  return {
    description: 'COVID-19 chest X-ray project, tasks 1-2: baseline CNN with search, retrain, test evaluation (tfjs)',
    run: async (config: ReferenceConfig, seed: number, outDir?: string) => (await runCovidXray(covidConfig(config), seed, { ...options, ...(outDir ? { workDir: outDir } : {}) })).result,
  };
}
