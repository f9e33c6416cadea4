import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultSchema, type Result } from '../schema/result.js';
import { renderText } from './render.js';
import { visibleTo } from './view.js';

/**
 * Gradescope autograder results.json, per the autograder specification:
 * https://gradescope-autograders.readthedocs.io/en/latest/specs/
 * (top-level score, execution_time, output, tests[] with name, score,
 * max_score, output, visibility).
 */
export interface GradescopeTest { name: string; score: number; max_score: number; output: string; visibility: 'visible' | 'hidden' | 'after_due_date' | 'after_published'; status?: 'passed' | 'failed' }
export interface GradescopeResults { score: number; execution_time?: number; output: string; stdout_visibility: 'hidden' | 'visible'; tests: GradescopeTest[] }

/**
 * Automatic criteria become tests; pending (manual) criteria are left to
 * Gradescope's own manual grading and named in the output. Instructor-only
 * criteria are hidden tests; instructor findings never appear.
 */
export function gradescopeResults(full: Result): GradescopeResults {
  const student = visibleTo(full, 'student');
  const pending = full.criteria.filter((c) => c.status === 'pending' && !c.instructorOnly);
  const tests: GradescopeTest[] = full.criteria.filter((c) => c.status === 'scored').map((c) => ({
    name: c.title, score: c.points, max_score: c.maxPoints,
    output: c.reasons.length ? c.reasons.map((r) => `${r.points ? `-${r.points}` : "note"}: ${r.reason}`).join('\n') : 'Full points.',
    visibility: c.instructorOnly ? 'hidden' : 'visible',
    status: c.points >= c.maxPoints ? 'passed' : 'failed',
  }));
  const pendingText = pending.length
    ? `\nGraded by hand on Gradescope: ${pending.map((c) => `${c.title} (${c.maxPoints} points)`).join(', ')}.\n` : '';
  return {
    score: full.criteria.filter((c) => c.status === 'scored').reduce((s, c) => s + c.points, 0),
    execution_time: Math.round(full.runs.reduce((s, r) => s + r.wallSeconds, 0)),
    output: renderText(student) + pendingText,
    stdout_visibility: 'hidden',
    tests,
  };
}

/** What Gradescope shows when grading produced no usable result.json. */
export function gradescopeFailure(message: string, logTail = ''): GradescopeResults {
  return {
    score: 0, output: `The grader could not produce a result for this submission: ${message}\n` +
      'This is reported to the instructors; you do not need to resubmit unless your submission is incomplete.\n' +
      (logTail ? `\nLast lines of the grader log:\n${logTail}\n` : ''),
    stdout_visibility: 'hidden', tests: [],
  };
}

/** Finds result.json in dir or one level below (grade-one writes DIR/<submission>/result.json or DIR/result.json). */
export function findResultFile(dir: string): string | null {
  if (!existsSync(dir)) return null;
  if (existsSync(join(dir, 'result.json'))) return join(dir, 'result.json');
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && existsSync(join(dir, e.name, 'result.json'))) return join(dir, e.name, 'result.json');
  }
  return null;
}

export function gradescopeFromDir(dir: string, logTail = ''): GradescopeResults {
  const file = findResultFile(dir);
  if (!file) return gradescopeFailure('grading wrote no result.json', logTail);
  let raw: unknown;
  try { raw = JSON.parse(readFileSync(file, 'utf8')); } catch { return gradescopeFailure('result.json is not JSON', logTail); }
  const parsed = resultSchema.safeParse(raw);
  if (!parsed.success) return gradescopeFailure(`result.json does not match the schema (${parsed.error.issues[0]?.message})`, logTail);
  return gradescopeResults(parsed.data);
}
