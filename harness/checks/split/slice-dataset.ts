import { statSync } from 'node:fs';
import { join } from 'node:path';
import { locate, readPythonSource, type PythonSource } from '../../python/source.js';
import { finding, type Finding } from '../../schema/finding.js';
import type { Check } from '../types.js';

export const CHECK_ID = 'split/slice-dataset';
const MAX_BYTES = 5 * 1024 * 1024;

/** A Dataset-like class whose items are slices: it loops over a slice index and collects (volume, index) pairs. */
interface SliceClass { name: string; line: number }

interface Hit { line: number; call: string; target: string; cls: SliceClass }

const indentOf = (l: string) => l.length - l.trimStart().length;

/**
 * Classes whose body loops `for z in range(<...>.shape[...])` (or a depth / slice
 * count) and appends something that uses z: each item is one slice, not one patient.
 */
export function sliceClasses(lines: string[]): SliceClass[] {
  const out: SliceClass[] = [];
  lines.forEach((l, i) => {
    const m = /^(\s*)class\s+(\w+)\s*[(:]/.exec(l);
    if (!m) return;
    const indent = m[1]!.length;
    let end = i + 1;
    while (end < lines.length && (lines[end]!.trim() === '' || indentOf(lines[end]!) > indent)) end++;
    const body = lines.slice(i + 1, end);
    const loopVars = body.map((b) => /\bfor\s+(\w+)\s+in\s+range\(([^)]*(?:shape|depth|slices|n_z|nz)[^)]*)\)/.exec(b)?.[1])
      .filter((v): v is string => !!v);
    const appends = loopVars.some((v) => body.some((b) => new RegExp(`\\.(append|extend)\\(.*\\b${v}\\b`).test(b)
      || new RegExp(`\\[[^\\]]*(?::\\s*,|\\.\\.\\.,)\\s*${v}\\s*\\]`).test(b)));
    if (appends) out.push({ name: m[2]!, line: i + 1 });
  });
  return out;
}

/** Random splits of an instance of a slice class, with no groups= on the call. */
export function sliceSplits(text: string): Hit[] {
  const lines = text.split('\n');
  const classes = sliceClasses(lines);
  if (!classes.length) return [];
  const instances = new Map<string, SliceClass>();
  const hits: Hit[] = [];
  const splitCall = /\b(random_split|train_test_split|randperm|permutation|shuffle|ShuffleSplit|KFold)\s*\(\s*(?:list\()?(?:range\()?(?:len\()?\s*(\w+)/;
  lines.forEach((l, i) => {
    for (const c of classes) {
      const inst = new RegExp(`^\\s*(\\w+)\\s*=\\s*${c.name}\\s*\\(`).exec(l);
      if (inst) instances.set(inst[1]!, c);
    }
    // n = len(ds), idx = list(range(len(ds))), np.arange(len(ds)): indices of slices.
    const alias = /^\s*(\w+)\s*=.*\blen\(\s*(\w+)\s*\)/.exec(l);
    if (alias && instances.has(alias[2]!)) instances.set(alias[1]!, instances.get(alias[2]!)!);
    const m = splitCall.exec(l);
    if (!m || /\bgroups\s*=/.test(l)) return;
    const cls = instances.get(m[2]!);
    if (cls) hits.push({ line: i + 1, call: m[1]!, target: m[2]!, cls });
  });
  return hits;
}

function toFinding(source: PythonSource, hit: Hit, lines: string[]): Finding {
  const where = locate(source, hit.line);
  const defined = locate(source, hit.cls.line);
  return finding({
    check: CHECK_ID, kind: 'split', severity: 'error', file: source.file, line: where.line,
    ...(where.cell !== undefined ? { cell: where.cell } : {}),
    excerpt: (lines[hit.line - 1] ?? '').trim().slice(0, 400),
    message: `Data leakage: ${hit.call}() splits ${hit.target}, a ${hit.cls.name} (line ${defined.line}${defined.cell !== undefined ? `, cell ${defined.cell + 1}` : ''}) whose items are single slices, `
      + 'so slices of the same patient land on both sides and the validation Dice is inflated.',
    fix: `Split the list of volume files (one per patient) first, then build one ${hit.cls.name} per side; or pass the patient id of each slice as groups to GroupShuffleSplit/GroupKFold.`,
  });
}

/**
 * For segmentation rubrics, whose data files are one volume per subject: a random
 * split of a Dataset whose items are slices. (The static leakage check covers
 * lists and arrays of slices; this one covers slice Dataset classes, which it misses.)
 */
export function sliceDatasetCheck(): Check {
  return {
    id: CHECK_ID,
    stage: 'validate',
    async run({ submission, rubric }) {
      if (rubric.task.kind !== 'segmentation') return [];
      const out: Finding[] = [];
      for (const rel of submission.files.filter((f) => /\.(py|ipynb)$/.test(f))) {
        const abs = join(submission.root, rel);
        if (statSync(abs).size > MAX_BYTES) continue;
        let source: PythonSource;
        try { source = readPythonSource(abs, rel); } catch { continue; }
        const lines = source.text.split('\n');
        for (const hit of sliceSplits(source.text)) out.push(toFinding(source, hit, lines));
      }
      return out;
    },
  };
}
