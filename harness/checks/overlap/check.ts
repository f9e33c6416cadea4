import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Check, CheckInput } from '../types.js';
import { finding, type Finding } from '../../schema/finding.js';
import { isImageFile } from './decode.js';
import { findOverlap, type OverlapOptions, type OverlapPair } from './overlap.js';
import { splitRole, type SplitSpec } from './splits.js';

export const OVERLAP_CHECK_ID = 'overlap/splits';

export interface OverlapCheckOptions extends OverlapOptions {
  /** The splits to compare; default: the split folders and split lists found in the submission and its outputs. */
  splits?: SplitSpec[] | ((input: CheckInput) => SplitSpec[]);
  /** Findings listed per kind before the rest are summarised in one. */
  maxFindingsPerKind?: number;
}

const SPLIT_LIST = /^(train|training|val|valid|validation|dev|test|testing)([_-][^/]*)?\.(csv|txt)$/i;
const SPLIT_DIR = /^(train|training|val|valid|validation|dev|test|testing)$/i;

/** Split folders (train/, val/, test/ holding images) and split lists (train.csv, test_files.txt) under a folder. */
export function discoverSplits(root: string, depth = 4): SplitSpec[] {
  const found: SplitSpec[] = [];
  const visit = (dir: string, level: number): void => {
    let entries;
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isFile() && SPLIT_LIST.test(e.name)) found.push({ name: path.relative(root, full), list: full });
      else if (e.isDirectory() && SPLIT_DIR.test(e.name) && holdsImages(full)) found.push({ name: path.relative(root, full), dir: full });
      else if (e.isDirectory() && level < depth && !e.name.startsWith('.')) visit(full, level + 1);
    }
  };
  if (existsSync(root) && statSync(root).isDirectory()) visit(root, 0);
  return found;
}

function holdsImages(dir: string): boolean {
  try {
    return readdirSync(dir, { recursive: true }).some((f) => isImageFile(String(f)));
  } catch { return false; }
}

const ROLE_RANK = { train: 0, other: 1, val: 2, test: 3 } as const;

/** The finding points at the file on the evaluation side (test, then val), where the leak lands. */
function evaluationSide(p: OverlapPair): string {
  return ROLE_RANK[splitRole(p.splitB)] >= ROLE_RANK[splitRole(p.splitA)] ? p.b : p.a;
}

function severityOf(p: OverlapPair): 'error' | 'warning' {
  return splitRole(p.splitA) === 'test' || splitRole(p.splitB) === 'test' ? 'error' : 'warning';
}

function describe(p: OverlapPair, rel: (f: string) => string): { message: string; fix: string } {
  const a = `${rel(p.a)} (${p.splitA})`, b = `${rel(p.b)} (${p.splitB})`;
  if (p.kind === 'patient-overlap') {
    return {
      message: `Patient ${p.patient} appears in both splits: ${p.countA} file(s) in ${p.splitA}, e.g. ${a}, and ${p.countB} in ${p.splitB}, e.g. ${b} (id from ${p.method}).`,
      fix: 'Split by patient, not by image: group files by patient id (e.g. GroupShuffleSplit with groups=patient_id) so every patient lies in one split only.',
    };
  }
  const how = p.method === 'same-file' ? 'the same file is listed in both'
    : p.method === 'exact' ? 'identical pixels'
    : `a near duplicate: pHash distance ${p.distance}, dHash ${p.dHashDistance}, thumbnail correlation ${p.correlation}`;
  return {
    message: `${a} and ${b} hold the same image (${how}).`,
    fix: 'Deduplicate before splitting (hash the decoded pixels, drop or group near copies), then make sure no image of the test or validation split also lies in training.',
  };
}

/** The data-overlap check: duplicates and shared patients between the splits a submission uses. */
export function overlapCheck(opts: OverlapCheckOptions = {}): Check {
  return {
    id: OVERLAP_CHECK_ID,
    stage: 'check',
    async run(input: CheckInput): Promise<Finding[]> {
      const root = input.submission.root;
      const splits = typeof opts.splits === 'function' ? opts.splits(input)
        : opts.splits ?? [root, ...(input.ran?.phases.map((p) => p.outDir) ?? [])].flatMap((r) => discoverSplits(r));
      if (splits.length < 2) return [];
      const rel = (f: string): string => (f.startsWith(root + path.sep) ? path.relative(root, f) : f);
      let report;
      try {
        report = await findOverlap(splits, { roots: [root], ...opts });
      } catch (err) {
        return [finding({
          check: OVERLAP_CHECK_ID, kind: 'unreadable-input', severity: 'warning', file: splits[0]!.dir ?? splits[0]!.list ?? '',
          message: `The splits could not be compared: ${(err as Error).message}`, fix: 'Check that the split folders and lists exist and are readable.',
        })];
      }
      const max = opts.maxFindingsPerKind ?? 50;
      const out: Finding[] = [];
      for (const kind of ['duplicate', 'patient-overlap'] as const) {
        const pairs = report.pairs.filter((p) => p.kind === kind);
        for (const p of pairs.slice(0, max)) out.push(finding({ check: OVERLAP_CHECK_ID, kind, severity: severityOf(p), file: rel(evaluationSide(p)), ...describe(p, rel) }));
        if (pairs.length > max) {
          const rest = pairs.slice(max);
          out.push(finding({
            check: OVERLAP_CHECK_ID, kind, severity: rest.some((p) => severityOf(p) === 'error') ? 'error' : 'warning', file: rel(evaluationSide(rest[0]!)),
            message: `${rest.length} more ${kind} pair(s) between the splits were found and are not listed one by one.`,
            fix: 'Run `medgrade overlap` on the split folders to see every pair.',
          }));
        }
      }
      for (const u of [...report.stats.unreadable, ...report.stats.csvErrors]) {
        out.push(finding({
          check: OVERLAP_CHECK_ID, kind: 'unreadable-input', severity: 'warning', file: rel(u.file),
          message: `Could not read this file while comparing splits: ${u.error}`,
          fix: 'Re-export the file in a standard format (PNG, JPEG, NIfTI, DICOM, CSV) or remove it from the split.',
        }));
      }
      return out;
    },
  };
}
