import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MedgradeError } from '../../errors.js';
import { isImageFile } from './decode.js';
import { readFileCsv } from './patient.js';

/**
 * A split to compare: a folder of images (searched recursively), an explicit
 * file list, or a split list the student wrote (CSV with a file column, or a
 * text file with one path per line).
 */
export interface SplitSpec {
  name: string;
  dir?: string;
  files?: string[];
  list?: string;
}

/** One file of one split, with the patient id its metadata gives, if any. */
export interface SplitEntry {
  split: string;
  /** Absolute path (or the path as listed, when it could not be resolved). */
  file: string;
  exists: boolean;
  csvPatient: string | null;
}

export interface ResolvedSplit {
  name: string;
  entries: SplitEntry[];
  /** Metadata CSVs that were read, and ones that failed with their error. */
  csvs: string[];
  csvErrors: { file: string; error: string }[];
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}

/** basename → patient, from every metadata CSV found beside the images. */
function csvPatients(csvs: string[], errors: ResolvedSplit['csvErrors']): Map<string, string> {
  const map = new Map<string, string>();
  for (const csv of csvs) {
    try {
      for (const row of readFileCsv(csv) ?? []) if (row.patient) map.set(path.basename(row.file), row.patient);
    } catch (err) {
      errors.push({ file: csv, error: (err as Error).message });
    }
  }
  return map;
}

/** Resolves a listed path against the list's folder, then the given roots. */
function resolveListed(listed: string, bases: string[]): { file: string; exists: boolean } {
  if (path.isAbsolute(listed)) return { file: listed, exists: existsSync(listed) };
  for (const base of bases) {
    const full = path.resolve(base, listed);
    if (existsSync(full)) return { file: full, exists: true };
  }
  return { file: listed, exists: false };
}

export function resolveSplit(spec: SplitSpec, roots: string[] = []): ResolvedSplit {
  const csvErrors: ResolvedSplit['csvErrors'] = [];
  const entries: SplitEntry[] = [];
  const csvs: string[] = [];
  const add = (file: string, exists: boolean, csvPatient: string | null): void => {
    entries.push({ split: spec.name, file, exists, csvPatient });
  };
  if (spec.dir) {
    if (!existsSync(spec.dir) || !statSync(spec.dir).isDirectory()) {
      throw new MedgradeError('E_INPUT_NOT_FOUND', `split "${spec.name}" is not a folder`, spec.dir);
    }
    const all: string[] = [];
    walk(spec.dir, all);
    csvs.push(...all.filter((f) => /\.csv$/i.test(f)));
    const patients = csvPatients(csvs, csvErrors);
    for (const f of all.filter(isImageFile)) add(f, true, patients.get(path.basename(f)) ?? null);
  }
  for (const f of spec.files ?? []) {
    const r = resolveListed(f, roots);
    add(r.file, r.exists, null);
  }
  if (spec.list) {
    const bases = [path.dirname(spec.list), ...roots];
    const rows = readListFile(spec.list, csvErrors);
    for (const row of rows) {
      const r = resolveListed(row.file, bases);
      add(r.file, r.exists, row.patient);
    }
    csvs.push(spec.list);
  }
  return { name: spec.name, entries, csvs, csvErrors };
}

function readListFile(list: string, errors: ResolvedSplit['csvErrors']): { file: string; patient: string | null }[] {
  try {
    if (/\.csv$/i.test(list)) {
      const rows = readFileCsv(list);
      if (!rows) errors.push({ file: list, error: 'split CSV has no file/path/image column' });
      return rows ?? [];
    }
    return readFileSync(list, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
      .map((file) => ({ file, patient: null }));
  } catch (err) {
    errors.push({ file: list, error: (err as Error).message });
    return [];
  }
}

/** The role a split name suggests, used for severity: train/val overlap warns, anything touching test is an error. */
export function splitRole(name: string): 'train' | 'val' | 'test' | 'other' {
  const n = name.toLowerCase();
  if (/test|holdout|hidden/.test(n)) return 'test';
  if (/val|dev|tune/.test(n)) return 'val';
  if (/train/.test(n)) return 'train';
  return 'other';
}
