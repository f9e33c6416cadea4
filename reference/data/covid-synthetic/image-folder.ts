import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MedgradeError, type ErrorCode } from '../../../harness/errors.js';
import type { ClassName, Split } from './layout.js';

/**
 * Reads the covid_xray.zip layout, real or synthetic, with the same code:
 * <dir>/train|val|test/COVID|Normal/<image>. Folder names match in any case,
 * 'valid'/'validation' count as val, stray files (.DS_Store, notes) are skipped,
 * and a single wrapping folder (covid_xray/) is looked through.
 */
export interface ImageEntry {
  /** Absolute or dir-relative path, as joined from the dir given. */
  path: string;
  label: ClassName;
  split: Split;
}

/** The folder does not hold the expected layout; `code` is E_INPUT_NOT_FOUND or E_INPUT_FORMAT. */
export class DatasetLayoutError extends MedgradeError {
  constructor(code: ErrorCode, message: string, dir: string) {
    super(code, message, dir);
    this.name = 'DatasetLayoutError';
  }
}

const SPLIT_NAMES: Record<string, Split> = { train: 'train', val: 'val', valid: 'val', validation: 'val', test: 'test' };
const CLASS_NAMES: Record<string, ClassName> = { covid: 'COVID', 'covid-19': 'COVID', normal: 'Normal' };
const IMAGE_EXT = /\.(png|jpe?g)$/i;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function ignorable(name: string): boolean {
  return name.startsWith('.') || name === '__MACOSX';
}

function subdirs(dir: string): string[] {
  return readdirSync(dir).filter((n) => !ignorable(n) && isDir(join(dir, n))).sort();
}

/** The images of one split folder (<split>/COVID, <split>/Normal). */
export function listClassFolder(splitDir: string, split: Split): ImageEntry[] {
  const found = new Map<ClassName, string>();
  for (const name of subdirs(splitDir)) {
    const cls = CLASS_NAMES[name.toLowerCase()];
    if (!cls) {
      throw new DatasetLayoutError('E_INPUT_FORMAT', `unexpected class folder "${name}" in ${split}/; expected COVID/ and Normal/`, splitDir);
    }
    if (found.has(cls)) throw new DatasetLayoutError('E_INPUT_FORMAT', `two folders for class ${cls} in ${split}/`, splitDir);
    found.set(cls, name);
  }
  const entries: ImageEntry[] = [];
  for (const cls of ['COVID', 'Normal'] as const) {
    const name = found.get(cls);
    if (!name) throw new DatasetLayoutError('E_INPUT_FORMAT', `${split}/ has no ${cls}/ folder`, splitDir);
    const images = readdirSync(join(splitDir, name)).filter((f) => IMAGE_EXT.test(f) && !ignorable(f)).sort();
    if (images.length === 0) throw new DatasetLayoutError('E_INPUT_FORMAT', `${split}/${name}/ holds no PNG or JPEG images`, splitDir);
    for (const f of images) entries.push({ path: join(splitDir, name, f), label: cls, split });
  }
  return entries;
}

function findSplits(dir: string): Map<Split, string> {
  const splits = new Map<Split, string>();
  for (const name of subdirs(dir)) {
    const split = SPLIT_NAMES[name.toLowerCase()];
    if (!split) continue; // masks/, notebooks and other folders beside the splits are not ours to judge
    if (splits.has(split)) throw new DatasetLayoutError('E_INPUT_FORMAT', `two folders for split ${split}`, dir);
    splits.set(split, join(dir, name));
  }
  return splits;
}

/**
 * Lists every image with its label and split, ordered by split (train, val, test),
 * label (COVID, Normal) and file name. `require` names splits that must exist
 * (e.g. ['train', 'val'] for the train phase); otherwise at least one must.
 */
export function loadImageFolderSplit(dir: string, options: { require?: Split[] } = {}): ImageEntry[] {
  if (!isDir(dir)) throw new DatasetLayoutError('E_INPUT_NOT_FOUND', 'dataset folder not found', dir);
  let splits = findSplits(dir);
  if (splits.size === 0) {
    const inner = subdirs(dir);
    if (inner.length === 1) splits = findSplits(join(dir, inner[0]!));
  }
  if (splits.size === 0) {
    throw new DatasetLayoutError('E_INPUT_FORMAT', 'no train/, val/ or test/ folder; expected the covid_xray.zip layout', dir);
  }
  for (const s of options.require ?? []) {
    if (!splits.has(s)) throw new DatasetLayoutError('E_INPUT_FORMAT', `missing split folder ${s}/`, dir);
  }
  const entries: ImageEntry[] = [];
  for (const s of ['train', 'val', 'test'] as const) {
    const splitDir = splits.get(s);
    if (splitDir) entries.push(...listClassFolder(splitDir, s));
  }
  return entries;
}
