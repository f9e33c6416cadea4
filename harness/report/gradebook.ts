import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEAKAGE_KINDS, type Finding } from '../schema/finding.js';
import { resultSchema, type Result } from '../schema/result.js';
import type { Rubric } from '../rubric/schema.js';
import { toCsv, type Cell } from './csv.js';
import { mergedResult, readScoreLog, scoreLogPath } from './scores.js';

export interface ResultProblem { file: string; message: string }
export interface LoadedResults {
  /** Results with manual scores from each scores.log.jsonl applied (see mergedResult). */
  results: Result[];
  /** The results exactly as written by the pipeline, same order. */
  raw: Result[];
  /** One entry per result.json that did not parse or validate; the rest still load. */
  problems: ResultProblem[];
}

/** Reads DIR/<submission>/result.json for every submission folder, sorted by folder name. */
export function readResults(dir: string): LoadedResults {
  const out: LoadedResults = { results: [], raw: [], problems: [] };
  const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  for (const name of entries) {
    const file = join(dir, name, 'result.json');
    if (!existsSync(file)) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      out.problems.push({ file, message: `not JSON: ${(e as Error).message}` });
      continue;
    }
    const parsed = resultSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      out.problems.push({ file, message: `does not match the result schema: ${issues.join('; ')}` });
      continue;
    }
    try {
      out.results.push(mergedResult(parsed.data, readScoreLog(scoreLogPath(dir, name))));
      out.raw.push(parsed.data);
    } catch (e) {
      out.problems.push({ file: scoreLogPath(dir, name), message: (e as Error).message });
    }
  }
  return out;
}

/** Applies each submission's score log under dir, so every writer sees manual scores. */
export function withManualScores(dir: string, results: readonly Result[]): Result[] {
  return results.map((r) => mergedResult(r, readScoreLog(scoreLogPath(dir, r.submission))));
}

export const FIXED_COLUMNS = ['submission', 'group', 'status', 'score', 'maxScore', 'pendingPoints'] as const;
export const TRAILING_COLUMNS = ['leakage', 'failure', 'wallSeconds'] as const;

/** Criterion ids in rubric order, else in order of first appearance. */
export function criterionIds(results: readonly Result[], rubric?: Rubric): string[] {
  if (rubric) return rubric.criteria.map((c) => c.id);
  const ids: string[] = [];
  for (const r of results) for (const c of r.criteria) if (!ids.includes(c.id)) ids.push(c.id);
  return ids;
}

/** An error of a leakage kind: what zeroes methodology under the project rule. */
export function isLeakageFinding(f: Finding): boolean {
  return f.severity === 'error' && LEAKAGE_KINDS.includes(f.kind);
}

export function hasLeakage(r: Result): boolean {
  return r.findings.some(isLeakageFinding);
}

/** Why a submission got no normal grade: the harness failure, or the first blocking error. */
export function failureReason(r: Result): string {
  if (r.status === 'failed') return r.failure ?? 'harness failure (no reason recorded)';
  if (r.status === 'invalid') {
    const first = r.findings.find((f) => f.severity === 'error');
    return first ? `invalid: ${first.message}` : 'invalid submission';
  }
  return '';
}

export function wallSeconds(r: Result): number {
  return Math.round(r.runs.reduce((s, run) => s + run.wallSeconds, 0) * 10) / 10;
}

export interface GradebookTable { header: string[]; rows: Cell[][] }

/** One row per result; a pending criterion's cell says "pending" rather than 0. */
export function gradebookRows(results: readonly Result[], rubric?: Rubric): GradebookTable {
  const ids = criterionIds(results, rubric);
  const header = [...FIXED_COLUMNS, ...ids, ...TRAILING_COLUMNS];
  const rows = results.map((r) => {
    const byId = new Map(r.criteria.map((c) => [c.id, c]));
    const cells: Cell[] = ids.map((id) => {
      const c = byId.get(id);
      if (!c) return null;
      return c.status === 'pending' ? 'pending' : c.points;
    });
    return [r.submission, r.group, r.status, r.score, r.maxScore, r.pendingPoints, ...cells,
      hasLeakage(r) ? 'yes' : 'no', failureReason(r), wallSeconds(r)];
  });
  return { header, rows };
}

export function gradebookCsv(results: readonly Result[], rubric?: Rubric): string {
  const t = gradebookRows(results, rubric);
  return toCsv(t.header, t.rows);
}

/**
 * Writes DIR/gradebook.csv atomically (temp file + rename), with manual scores
 * from DIR/<submission>/scores.log.jsonl applied. Returns the path.
 */
export function writeGradebook(dir: string, results: readonly Result[], opts: { rubric?: Rubric; file?: string } = {}): string {
  const file = opts.file ?? join(dir, 'gradebook.csv');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, gradebookCsv(withManualScores(dir, results), opts.rubric));
  renameSync(tmp, file);
  return file;
}
