import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MedgradeError } from '../errors.js';
import { finding, type Finding } from '../schema/finding.js';
import type { Rubric } from '../rubric/schema.js';
import { diceScores, iouScores } from '../metrics/dice.js';
import { nanMean } from '../metrics/volume.js';
import { reencodePng } from '../data/hidden-test.js';
import { readNifti } from '../../reference/core/io/nifti-read.js';
import { writeNifti } from '../../reference/core/io/nifti-write.js';
import type { HiddenSet, Measured, TaskKind } from './types.js';
import {
  checkLabels, formatAffine, readMaskFile, sameAffine, sameShape, segmentationExtension, type MaskFile,
} from './segmentation-masks.js';

/** Hidden id → the predicted labels (file voxel order), or null where the mask is missing or invalid. */
export type SegmentationPredictions = Map<string, Uint8Array | null>;

const CHECK = 'collect/masks';
/** A gzip bomb guard: no mask of this course comes near it. */
const MAX_MASK_BYTES = 200 * 1024 * 1024;

/** `dice_<class>` names: lower case, runs of other characters as one underscore. */
export function metricClassName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

function hiddenName(original: string, ext: string, seed: number | string | undefined): string {
  const id = seed === undefined ? randomBytes(8).toString('hex')
    : createHash('sha256').update(`medgrade-hidden-seg:${seed}:${original}`).digest('hex').slice(0, 16);
  return `${id}${ext}`;
}

/**
 * <testDir>/images/<name> → <outDir>/<random><ext>. A NIfTI is decoded and written
 * again with the same voxels, shape and affine but an empty description, aux_file
 * and intent_name, so no header field carries the patient id; a PNG is re-encoded.
 */
export function hideSegmentationTest(testDir: string, outDir: string, options: { seed?: number | string } = {}): HiddenSet {
  const images = join(testDir, 'images');
  const masks = join(testDir, 'masks');
  if (!existsSync(images) || !existsSync(masks)) {
    throw new MedgradeError('E_INPUT_FORMAT', 'a segmentation test split needs images/ and masks/', testDir);
  }
  mkdirSync(outDir, { recursive: true });
  if (readdirSync(outDir).length > 0) throw new MedgradeError('E_USAGE', 'the hidden test folder must start empty', outDir);
  const truth = new Map<string, string>();
  for (const name of readdirSync(images).sort()) {
    const ext = segmentationExtension(name);
    if (!ext) throw new MedgradeError('E_INPUT_FORMAT', 'test images must be .nii.gz, .nii or .png', join(images, name));
    const mask = join(masks, name);
    if (!existsSync(mask)) throw new MedgradeError('E_INPUT_FORMAT', `test image ${name} has no mask of the same name`, mask);
    const id = hiddenName(name, ext, options.seed);
    const src = join(images, name);
    if (ext === '.png') writeFileSync(join(outDir, id), reencodePng(readFileSync(src), src));
    else {
      const v = readNifti(src);
      writeNifti(join(outDir, id), { data: v.data, shape: v.shape, affine: v.affine, description: '' });
    }
    truth.set(id, mask);
  }
  if (truth.size === 0) throw new MedgradeError('E_INPUT_FORMAT', 'the test split holds no images', images);
  return { dir: outDir, truth };
}

/** Where predict writes masks: the rubric's outputs.masks under /out, else /out/masks. */
function masksDir(predictOut: string, rubric: Rubric): string {
  const declared = rubric.phases.predict?.outputs.masks;
  const rel = declared?.startsWith('/out/') ? declared.slice('/out/'.length) : 'masks';
  return join(predictOut, rel);
}

const sample = (xs: string[]) => xs.slice(0, 3).join('; ') + (xs.length > 3 ? `; and ${xs.length - 3} more` : '');

/**
 * Reads /out/masks/<hidden name> for every hidden volume. Missing, unreadable,
 * mis-shaped, mis-placed (affine) and mislabelled masks are findings and count
 * as all background; null when no mask at all was written.
 */
export function collectSegmentation(predictOut: string, rubric: Rubric, hidden: HiddenSet, findings: Finding[]): SegmentationPredictions | null {
  const dir = masksDir(predictOut, rubric);
  const numClasses = rubric.task.classes.length;
  const out: SegmentationPredictions = new Map();
  const problems = { missing: [] as string[], unreadable: [] as string[], labels: [] as string[], geometry: [] as string[] };
  for (const [id, truthPath] of hidden.truth) {
    const path = join(dir, id);
    out.set(id, null);
    if (!existsSync(path)) { problems.missing.push(id); continue; }
    const st = lstatSync(path);
    if (!st.isFile()) {
      findings.push(finding({ check: CHECK, kind: 'output-escape', severity: 'error', file: `masks/${id}`,
        message: `masks/${id} is not a regular file (a link or special file); it was not read.`, fix: 'Write each mask as a plain file.' }));
      continue;
    }
    if (st.size > MAX_MASK_BYTES) { problems.unreadable.push(`${id}: ${(st.size / 1e6).toFixed(0)} MB`); continue; }
    let mask: MaskFile;
    try { mask = readMaskFile(path); } catch (e) { problems.unreadable.push(`${id}: ${(e as Error).message}`); continue; }
    const truth = readMaskFile(truthPath);
    if (!sameShape(mask.shape, truth.shape)) {
      problems.geometry.push(`${id}: shape ${mask.shape.join('×')}, the input is ${truth.shape.join('×')}`);
      continue;
    }
    if (mask.affine && truth.affine && !sameAffine(mask.affine, truth.affine)) {
      problems.geometry.push(`${id}: affine ${formatAffine(mask.affine)}, the input has ${formatAffine(truth.affine)}`);
      continue;
    }
    const labels = checkLabels(mask.data, numClasses);
    if ('problem' in labels) { problems.labels.push(`${id}: ${labels.problem}`); continue; }
    out.set(id, labels.labels);
  }
  const total = hidden.truth.size;
  if (problems.missing.length === total) {
    findings.push(finding({ check: CHECK, kind: 'predictions-missing', severity: 'error', file: 'masks/',
      message: `The predict phase wrote none of the ${total} masks to /out/masks/.`,
      fix: 'Write one mask per test volume to /out/masks/, under the input file\'s exact name.' }));
    return null;
  }
  const report = (kind: Finding['kind'], list: string[], what: string, fix: string) => {
    if (list.length) findings.push(finding({ check: CHECK, kind, severity: 'error', file: 'masks/',
      message: `${list.length} of ${total} masks ${what}, so they were scored as all background: ${sample(list)}.`, fix }));
  };
  report('predictions-malformed', problems.missing, 'are missing', 'Write one mask per test volume to /out/masks/, under the input file\'s exact name.');
  report('predictions-malformed', problems.unreadable, 'could not be read', 'Save each mask as a NIfTI (nibabel.save) or a greyscale PNG, matching the input format.');
  report('predictions-malformed', problems.labels, `hold values other than the class indices 0..${numClasses - 1}`,
    'Write integer class indices (argmax over the class channel), e.g. as uint8.');
  report('mask-geometry', problems.geometry, 'do not have their input\'s geometry',
    'Give each mask the input\'s shape and affine: undo any resizing, cropping or transposing, and save with nibabel.Nifti1Image(mask, img.affine, img.header).');
  return out;
}

function truthLabels(path: string, numClasses: number): { labels: Uint8Array; shape: number[] } {
  const mask = readMaskFile(path);
  const checked = checkLabels(mask.data, numClasses);
  if ('problem' in checked) throw new MedgradeError('E_INPUT_FORMAT', `hidden truth mask: ${checked.problem}`, path);
  return { labels: checked.labels, shape: mask.shape };
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Per non-background class, Dice and IoU per volume (the rubric's emptyMaskDice
 * for volumes where the class is absent from the truth), averaged over volumes
 * skipping NaN; mean_dice and mean_iou average those class means.
 */
export function measureSegmentation(rubric: Rubric, hidden: HiddenSet, predictions: SegmentationPredictions | null): Measured {
  const classes = rubric.task.classes;
  const names = classes.slice(1).map(metricClassName);
  const all: Record<string, number | null> = {};
  if (predictions === null) {
    for (const n of names) { all[`dice_${n}`] = null; all[`iou_${n}`] = null; }
    all.mean_dice = null;
    all.mean_iou = null;
  } else {
    const opts = { numClasses: classes.length, includeBackground: false, emptyBoth: rubric.task.emptyMaskDice ?? 'nan' } as const;
    const dice: number[][] = names.map(() => []);
    const iou: number[][] = names.map(() => []);
    for (const [id, path] of hidden.truth) {
      const truth = truthLabels(path, classes.length);
      const pred = { labels: predictions.get(id) ?? new Uint8Array(truth.labels.length), shape: truth.shape };
      const t = { labels: truth.labels, shape: truth.shape };
      diceScores(pred, t, opts).forEach((v, c) => dice[c]!.push(v));
      iouScores(pred, t, opts).forEach((v, c) => iou[c]!.push(v));
    }
    const diceMeans = dice.map(nanMean);
    const iouMeans = iou.map(nanMean);
    names.forEach((n, c) => { all[`dice_${n}`] = finite(diceMeans[c]!); all[`iou_${n}`] = finite(iouMeans[c]!); });
    all.mean_dice = finite(nanMean(diceMeans));
    all.mean_iou = finite(nanMean(iouMeans));
  }
  const wanted = rubric.metrics.length ? rubric.metrics : Object.keys(all);
  const metrics = Object.fromEntries(wanted.map((m) => [m, all[m] ?? null]));
  return { metrics, confusion: null, roc: null, n: hidden.truth.size };
}

/** The segmentation layout: <split>/images/<name>.(nii.gz|nii|png) with <split>/masks/<name>. */
export function segmentationTask(): TaskKind<SegmentationPredictions> {
  return {
    layout: 'segmentation',
    hideTest: hideSegmentationTest,
    collect: collectSegmentation,
    measure: measureSegmentation,
  };
}
