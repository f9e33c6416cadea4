import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Rubric } from '../rubric/schema.js';
import { MedgradeError } from '../errors.js';
import { DATASETS } from '../data/commands.js';
import { prepareHiddenTest, splitForPhase } from '../data/hidden-test.js';
import { sha256, readJson, writeJsonAtomic } from '../util/fs.js';

/** The hidden data of one batch: built once, shared read-only by every submission. */
export interface PreparedData {
  /** The course layout (train/ val/ test/), for notebooks. */
  full: string;
  /** train/ and val/ only, for the train phase. */
  trainView: string;
  /** A flat folder of renamed, metadata-free test images, for the predict phase. */
  hiddenTest: string;
  /** Renamed test file → class name. Never mounted anywhere. */
  labels: Map<string, string>;
  hash: string;
}

/**
 * Builds (or reuses from the cache) the rubric's dataset, then the per-batch views.
 * The dataset is keyed by generator and options, so every batch of a rubric grades
 * against the same images; the renamed test folder is fresh per batch.
 */
export async function prepareData(rubric: Rubric, cacheDir: string, batchDir: string): Promise<PreparedData> {
  const { dataset, datasetOptions } = rubric.task;
  const entry = DATASETS[dataset];
  if (!entry) throw new MedgradeError('E_USAGE', `rubric names dataset "${dataset}", which medgrade cannot build (known: ${Object.keys(DATASETS).join(', ')})`);
  const key = sha256(JSON.stringify({ dataset, datasetOptions })).slice(0, 16);
  const full = join(cacheDir, 'data', `${dataset}-${key}`);
  const stamp = join(full, '.medgrade-complete.json');
  if (!existsSync(stamp)) {
    const tmp = `${full}.${process.pid}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    const info = await entry.run({ out: tmp, ...datasetOptions, quiet: true });
    writeJsonAtomic(join(tmp, '.medgrade-complete.json'), { hash: sha256(JSON.stringify(info)) });
    rmSync(full, { recursive: true, force: true });
    renameSync(tmp, full);
  }
  const { hash } = readJson(stamp) as { hash: string };
  const trainView = splitForPhase(full, join(batchDir, 'train-view'));
  const hidden = await prepareHiddenTest(join(full, 'test'), join(batchDir, 'hidden-test'));
  return { full, trainView, hiddenTest: join(batchDir, 'hidden-test'), labels: hidden.labels, hash };
}
