import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { MedgradeError } from '../errors.js';
import { listClassFolder, loadImageFolderSplit } from '../../reference/data/covid-synthetic/image-folder.js';
import { createRng } from '../../reference/data/covid-synthetic/prng.js';
import { permutation } from '../../reference/data/covid-synthetic/layout.js';

/**
 * Turns a labelled test split (<testDir>/COVID, <testDir>/Normal) into the flat,
 * unlabelled folder predict.py sees. Names are random ids and every PNG is
 * decoded and re-encoded, so neither the name, the order nor a text chunk or
 * timestamp in the bytes can carry the label or the original file name.
 */
export interface HiddenTest {
  /** new file name → class name; kept on the host, never inside a sandbox. */
  labels: Map<string, string>;
  count: number;
}

export interface HiddenTestOptions {
  /**
   * Makes the names reproducible (for tests and resumable runs). The seed must
   * stay on the host; without it the names come from crypto.randomBytes.
   */
  seed?: number | string;
}

function newNames(count: number, seed: number | string | undefined): string[] {
  if (seed === undefined) return Array.from({ length: count }, () => `${randomBytes(8).toString('hex')}.png`);
  return Array.from({ length: count }, (_, i) => `${createHash('sha256').update(`medgrade-hidden:${seed}:${i}`).digest('hex').slice(0, 16)}.png`);
}

/** Decodes any PNG and writes it back with IHDR/IDAT/IEND only: grey when it is grey, else RGB(A). */
export function reencodePng(bytes: Buffer, file: string): Buffer {
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (error) {
    throw new MedgradeError('E_INPUT_FORMAT', `not a readable PNG: ${(error as Error).message}`, file);
  }
  const { width, height, data } = png;
  let grey = true;
  let opaque = true;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) grey = false;
    if (data[i + 3] !== 255) opaque = false;
  }
  const colorType = grey ? (opaque ? 0 : 4) : opaque ? 2 : 6;
  const out = new PNG({ width, height });
  data.copy(out.data);
  return PNG.sync.write(out, { colorType, inputColorType: 6, bitDepth: 8, inputHasAlpha: true });
}

const COVID_FOLDERS = new Set(['covid', 'covid-19', 'normal']);
const SPLIT_FOLDERS = new Set(['train', 'val', 'valid', 'validation', 'test']);

function classFolders(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new MedgradeError('E_INPUT_NOT_FOUND', 'test split folder not found', dir);
  return readdirSync(dir).filter((n) => !n.startsWith('.') && n !== '__MACOSX' && statSync(join(dir, n)).isDirectory()).sort();
}

/**
 * The labelled images of one split: <splitDir>/<Class>/*. The COVID layout keeps its own
 * reader (case and alias rules); any other class folders are taken by name, so a lab's
 * Bright/ and Dark/ work the same way. Split names as classes mean the wrong folder was given.
 */
export function listLabelledImages(splitDir: string): { path: string; label: string }[] {
  const folders = classFolders(splitDir);
  if (folders.length > 0 && folders.every((f) => COVID_FOLDERS.has(f.toLowerCase()))) return listClassFolder(splitDir, 'test');
  const splitLike = folders.find((f) => SPLIT_FOLDERS.has(f.toLowerCase()));
  if (splitLike) throw new MedgradeError('E_INPUT_FORMAT', `"${splitLike}/" is a split folder, not a class folder: give the test split itself`, splitDir);
  if (folders.length < 2) throw new MedgradeError('E_INPUT_FORMAT', `expected one folder per class, found ${folders.length}`, splitDir);
  return folders.flatMap((label) => readdirSync(join(splitDir, label)).filter((f) => !f.startsWith('.')).sort()
    .map((f) => ({ path: join(splitDir, label, f), label })));
}

/** Copies the named splits of a dataset folder as they are (those that exist), for a phase's /data. */
export function copySplits(datasetDir: string, outDir: string, splits: string[] = ['train', 'val']): string {
  mkdirSync(outDir, { recursive: true });
  if (readdirSync(outDir).length > 0) throw new MedgradeError('E_USAGE', 'the phase data folder must start empty', outDir);
  for (const split of splits) {
    const from = join(datasetDir, split);
    if (existsSync(from)) cpSync(from, join(outDir, split), { recursive: true, dereference: false, verbatimSymlinks: true });
  }
  return outDir;
}

export function prepareHiddenTest(testDir: string, outDir: string, options: HiddenTestOptions = {}): HiddenTest {
  const entries = listLabelledImages(testDir);
  for (const e of entries) {
    if (!/\.png$/i.test(e.path)) throw new MedgradeError('E_INPUT_FORMAT', 'the hidden test set must hold PNG images only', e.path);
  }
  // Shuffle before naming, so a seeded run does not hand out names in label order either.
  const rngSeed = options.seed === undefined ? randomBytes(4).readUInt32LE(0)
    : createHash('sha256').update(String(options.seed)).digest().readUInt32LE(0);
  const order = permutation(entries.length, createRng(rngSeed).next);
  const names = newNames(entries.length, options.seed);
  mkdirSync(outDir, { recursive: true });
  if (readdirSync(outDir).length > 0) throw new MedgradeError('E_USAGE', 'the hidden test folder must start empty', outDir);
  const labels = new Map<string, string>();
  order.forEach((entryIndex, i) => {
    const entry = entries[entryIndex]!;
    const name = names[i]!;
    writeFileSync(join(outDir, name), reencodePng(readFileSync(entry.path), entry.path));
    labels.set(name, entry.label);
  });
  return { labels, count: labels.size };
}

export interface PhaseData {
  /** The folder to bind at /data: it holds train/ and val/ and nothing else. */
  dataDir: string;
  train: string;
  val: string;
  count: number;
}

/**
 * Builds the train phase's /data from a full dataset: train/ and val/ only, in
 * the canonical COVID/Normal layout. Files are copied by default; `link` uses
 * hard links (fast for the real dataset) where the file system allows, which is
 * only safe when the phase mounts /data read-only.
 */
export function splitForPhase(datasetDir: string, outDir: string, options: { link?: boolean } = {}): PhaseData {
  const entries = loadImageFolderSplit(datasetDir, { require: ['train', 'val'] }).filter((e) => e.split !== 'test');
  mkdirSync(outDir, { recursive: true });
  if (readdirSync(outDir).length > 0) throw new MedgradeError('E_USAGE', 'the phase data folder must start empty', outDir);
  const made = new Set<string>();
  for (const e of entries) {
    const dir = join(outDir, e.split, e.label);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const target = join(dir, e.path.split(/[\\/]/).pop()!);
    if (options.link) {
      try {
        linkSync(e.path, target);
        continue;
      } catch {
        // other device or no hard links: fall back to a copy
      }
    }
    copyFileSync(e.path, target);
  }
  return { dataDir: outDir, train: join(outDir, 'train'), val: join(outDir, 'val'), count: entries.length };
}
