import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Rubric } from '../rubric/schema.js';
import { MedgradeError } from '../errors.js';
import { dataCommands } from '../data/commands.js';
import { copySplits } from '../data/hidden-test.js';
import { addPretrained } from '../data/pretrained.js';
import { taskKind } from '../tasks/index.js';
import type { HiddenSet } from '../tasks/types.js';
import { createHash } from 'node:crypto';
import { sha256, readJson, writeJsonAtomic } from '../util/fs.js';

/** sha256 over every file's relative path and bytes: the data hash recorded in provenance. */
function treeHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path, `${rel}${name}/`);
      else h.update(`${rel}${name}\0`).update(readFileSync(path));
    }
  };
  walk(dir, '');
  return h.digest('hex');
}

/** The hidden data of one batch: built once, shared read-only by every submission. */
export interface PreparedData {
  /** The course layout (train/ val/ test/), for notebooks. */
  full: string;
  /** train/ and val/ (plus pretrained/ when the rubric ships networks), for the train phase. */
  trainView: string;
  /** The hidden test folder for the predict phase (renamed, metadata-free inputs), = hidden.dir. */
  hiddenTest: string;
  /** Renamed test id → truth (class name or mask path), = hidden.truth. Never mounted anywhere. */
  labels: Map<string, string>;
  /** What the rubric's task kind built from test/. */
  hidden: HiddenSet;
  hash: string;
}

/**
 * Builds (or reuses from the cache) the rubric's dataset, then the per-batch views.
 * The dataset is keyed by generator and options, so every batch of a rubric grades
 * against the same examples; the hidden test folder is fresh per batch and built by
 * the rubric's task kind (harness/tasks). `python` (the grading environment's) converts the
 * rubric's pretrained networks, if it lists any.
 */
export async function prepareData(rubric: Rubric, cacheDir: string, batchDir: string, python?: string): Promise<PreparedData> {
  const { dataset, datasetOptions } = rubric.task;
  const commands = dataCommands();
  const entry = commands[dataset];
  if (!entry) throw new MedgradeError('E_USAGE', `rubric names dataset "${dataset}", which medgrade cannot build (known: ${Object.keys(commands).join(', ')})`);
  const key = sha256(JSON.stringify({ dataset, datasetOptions })).slice(0, 16);
  const full = join(cacheDir, 'data', `${dataset}-${key}`);
  const stamp = join(full, '.medgrade-complete.json');
  if (!existsSync(stamp)) {
    const tmp = `${full}.${process.pid}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    await entry.run({ out: tmp, ...datasetOptions });
    writeJsonAtomic(join(tmp, '.medgrade-complete.json'), { hash: treeHash(tmp) });
    // Another batch may have finished the same dataset meanwhile: keep theirs, it is identical.
    if (existsSync(stamp)) rmSync(tmp, { recursive: true, force: true });
    else { rmSync(full, { recursive: true, force: true }); renameSync(tmp, full); }
  }
  const { hash } = readJson(stamp) as { hash: string };
  rmSync(batchDir, { recursive: true, force: true });
  const kind = taskKind(rubric.task.layout);
  const viewDir = join(batchDir, 'train-view');
  const trainView = kind.trainView ? kind.trainView(full, viewDir) : copySplits(full, viewDir);
  if (rubric.task.pretrained.length) {
    if (!python) throw new MedgradeError('E_USAGE', `rubric ${rubric.id} ships pretrained networks (${rubric.task.pretrained.join(', ')}); converting them needs the grading Python`);
    await addPretrained(rubric.task.pretrained, python, cacheDir, trainView);
  }
  const hidden = kind.hideTest(join(full, 'test'), join(batchDir, 'hidden-test'));
  return { full, trainView, hiddenTest: hidden.dir, labels: hidden.truth, hidden, hash };
}
