import path from 'node:path';
import type { HashedFile } from './hasher.js';
import { compilePatterns, DEFAULT_PATIENT_PATTERNS, normaliseId, patientFromDescription, patientFromName } from './patient.js';
import { hashFiles } from './pool.js';
import { DEFAULT_THRESHOLDS, nearPairs, type Thresholds } from './near.js';
import { resolveSplit, type SplitEntry, type SplitSpec } from './splits.js';

export interface OverlapOptions {
  /** Overrides of DEFAULT_THRESHOLDS (pHash, dHash, correlation). */
  thresholds?: Partial<Thresholds>;
  /** Regexes with one capture group (the id), tried in order on file names. */
  patientPatterns?: readonly (string | RegExp)[];
  /** Worker threads for decoding; default all cores. */
  workers?: number;
  /** Folders listed paths may be relative to (besides the list's own folder). */
  roots?: string[];
  /** Stop adding pairs past this many, so a degenerate set cannot flood a report. */
  maxPairs?: number;
}

export type PatientSource = 'csv' | 'dicom' | 'nifti-descrip' | 'filename';

export interface OverlapPair {
  kind: 'duplicate' | 'patient-overlap';
  a: string;
  b: string;
  splitA: string;
  splitB: string;
  /** pHash Hamming distance for near duplicates (0 for exact ones). */
  distance?: number;
  dHashDistance?: number;
  /** Thumbnail correlation of a near-duplicate pair. */
  correlation?: number;
  method: 'exact' | 'same-file' | 'phash+dhash' | PatientSource;
  patient?: string;
  /** For patient overlap: how many files of that patient each split holds. */
  countA?: number;
  countB?: number;
}

export interface OverlapStats {
  files: Record<string, number>;
  hashed: number;
  unreadable: { file: string; error: string }[];
  missing: string[];
  csvErrors: { file: string; error: string }[];
  exactPairs: number;
  nearPairs: number;
  patientPairs: number;
  truncated: boolean;
  thresholds: Thresholds;
  ms: { hash: number; search: number };
}

export interface OverlapReport {
  pairs: OverlapPair[];
  stats: OverlapStats;
}

interface Item {
  entry: SplitEntry;
  splitIndex: number;
  hash: Extract<HashedFile, { ok: true }> | null;
}

export async function findOverlap(splits: SplitSpec[], opts: OverlapOptions = {}): Promise<OverlapReport> {
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...opts.thresholds };
  const maxPairs = opts.maxPairs ?? 10_000;
  const resolved = splits.map((s) => resolveSplit(s, opts.roots ?? []));
  const items: Item[] = resolved.flatMap((r, splitIndex) => r.entries.map((entry) => ({ entry, splitIndex, hash: null })));

  const t0 = performance.now();
  const unique = [...new Set(items.filter((it) => it.entry.exists).map((it) => it.entry.file))];
  const hashed = new Map((await hashFiles(unique, { workers: opts.workers })).map((h) => [h.file, h]));
  const unreadable: OverlapStats['unreadable'] = [];
  for (const h of hashed.values()) if (!h.ok) unreadable.push({ file: h.file, error: h.error });
  for (const it of items) {
    const h = hashed.get(it.entry.file);
    it.hash = h?.ok ? h : null;
  }
  const t1 = performance.now();

  const pairs: OverlapPair[] = [];
  let truncated = false;
  const push = (p: OverlapPair): void => {
    if (pairs.length < maxPairs) pairs.push(p);
    else truncated = true;
  };
  const across = (x: Item, y: Item): boolean => x.splitIndex !== y.splitIndex;
  const name = (x: Item): string => splits[x.splitIndex]!.name;
  const ordered = (x: Item, y: Item): [Item, Item] => (x.splitIndex <= y.splitIndex ? [x, y] : [y, x]);

  // exact: same decoded pixels (or the very same file listed in two splits)
  const byExact = new Map<string, Item[]>();
  for (const it of items) {
    const key = it.hash ? it.hash.exact : `path:${it.entry.file}`;
    byExact.set(key, [...(byExact.get(key) ?? []), it]);
  }
  let exactPairs = 0;
  for (const group of byExact.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        if (!across(group[i]!, group[j]!)) continue;
        const [x, y] = ordered(group[i]!, group[j]!);
        exactPairs++;
        push({
          kind: 'duplicate', a: x.entry.file, b: y.entry.file, splitA: name(x), splitB: name(y), distance: 0,
          method: x.entry.file === y.entry.file ? 'same-file' : 'exact',
        });
      }
    }
  }

  // near: pHash candidates through the multi-index search, confirmed by dHash and thumbnail correlation
  const withHash = items.filter((it) => it.hash);
  const near = nearPairs(withHash.map((it) => it.hash!), thresholds, (i, j) =>
    across(withHash[i]!, withHash[j]!) && withHash[i]!.hash!.exact !== withHash[j]!.hash!.exact);
  for (const c of near) {
    const [x, y] = ordered(withHash[c.i]!, withHash[c.j]!);
    push({
      kind: 'duplicate', a: x.entry.file, b: y.entry.file, splitA: name(x), splitB: name(y), distance: c.pHashDistance,
      dHashDistance: c.dHashDistance, correlation: Math.round(c.correlation * 1e4) / 1e4, method: 'phash+dhash',
    });
  }
  const nearPairCount = near.length;
  const t2 = performance.now();

  const patientPairs = patientOverlap(items, splits, opts, push);
  const files: Record<string, number> = {};
  for (const r of resolved) files[r.name] = r.entries.length;
  return {
    pairs,
    stats: {
      files, hashed: unique.length, unreadable,
      missing: items.filter((it) => !it.entry.exists).map((it) => it.entry.file),
      csvErrors: resolved.flatMap((r) => r.csvErrors),
      exactPairs, nearPairs: nearPairCount, patientPairs, truncated, thresholds,
      ms: { hash: Math.round(t1 - t0), search: Math.round(t2 - t1) },
    },
  };
}

/** Patient id of one item and where it came from: CSV, then the file's own tags, then its name. */
function patientOf(it: Item, patterns: RegExp[]): { id: string; source: PatientSource } | null {
  if (it.entry.csvPatient) return { id: it.entry.csvPatient, source: 'csv' };
  if (it.hash?.embeddedPatient) {
    const id = normaliseId(it.hash.embeddedPatient);
    if (id) return { id, source: 'dicom' };
  }
  if (it.hash?.description) {
    const id = patientFromDescription(it.hash.description, patterns);
    if (id) return { id, source: 'nifti-descrip' };
  }
  const id = patientFromName(path.basename(it.entry.file), patterns);
  return id ? { id, source: 'filename' } : null;
}

/** One pair per patient and pair of splits: the first file on each side, with counts. */
function patientOverlap(items: Item[], splits: SplitSpec[], opts: OverlapOptions, push: (p: OverlapPair) => void): number {
  const patterns = compilePatterns(opts.patientPatterns ?? DEFAULT_PATIENT_PATTERNS);
  const byPatient = new Map<string, Map<number, { first: Item; source: PatientSource; count: number }>>();
  for (const it of items) {
    const p = patientOf(it, patterns);
    if (!p) continue;
    const perSplit = byPatient.get(p.id) ?? new Map();
    byPatient.set(p.id, perSplit);
    const slot = perSplit.get(it.splitIndex);
    if (slot) slot.count++;
    else perSplit.set(it.splitIndex, { first: it, source: p.source, count: 1 });
  }
  let count = 0;
  for (const [patient, perSplit] of byPatient) {
    const sides = [...perSplit.entries()].sort((a, b) => a[0] - b[0]);
    for (let i = 0; i < sides.length; i++) {
      for (let j = i + 1; j < sides.length; j++) {
        const [si, x] = sides[i]!, [sj, y] = sides[j]!;
        count++;
        push({
          kind: 'patient-overlap', a: x.first.entry.file, b: y.first.entry.file,
          splitA: splits[si]!.name, splitB: splits[sj]!.name, method: x.source, patient,
          countA: x.count, countB: y.count,
        });
      }
    }
  }
  return count;
}
