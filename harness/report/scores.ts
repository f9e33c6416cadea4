import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MedgradeError, ParseError } from '../errors.js';
import type { Result } from '../schema/result.js';
import { parseCsvObjects, toCsv } from './csv.js';

/**
 * Manual (TA) scores. Every change is one line of DIR/<submission>/scores.log.jsonl,
 * append-only; mergedResult replays the log over the automatic result, so a
 * regrade that rewrites result.json keeps the manual scores.
 */

export const scoreLogEntrySchema = z.object({
  time: z.string(),
  grader: z.string().min(1),
  criterion: z.string(),
  old: z.number().nullable().describe('Points before the change; null when the criterion was pending.'),
  new: z.number(),
  reason: z.string().describe('Why (required for an override of automatic points); the TA comment otherwise.'),
  comment: z.string().default(''),
});
export type ScoreLogEntry = z.infer<typeof scoreLogEntrySchema>;

export const SCORE_LOG = 'scores.log.jsonl';
const MANUAL_PREFIX = 'Manual score by ';

export function scoreLogPath(dir: string, submission: string): string {
  return join(dir, submission, SCORE_LOG);
}

/** Reads a log; a malformed line is an error naming the file and line, never skipped silently. */
export function readScoreLog(path: string): ScoreLogEntry[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    let raw: unknown;
    try { raw = JSON.parse(line); } catch { throw new ParseError(`line ${i + 1} is not JSON`, path); }
    const parsed = scoreLogEntrySchema.safeParse(raw);
    if (!parsed.success) throw new ParseError(`line ${i + 1}: ${parsed.error.issues[0]?.message}`, path);
    return parsed.data;
  });
}

/**
 * The result with manual scores applied: for each criterion the last log entry
 * wins. Pending criteria become scored, score and pendingPoints follow.
 * Idempotent: applying it to an already merged result changes nothing.
 */
export function mergedResult(result: Result, log: readonly ScoreLogEntry[]): Result {
  if (log.length === 0) return result;
  const last = new Map<string, ScoreLogEntry>();
  for (const e of log) last.set(e.criterion, e);
  let score = result.score;
  let pending = result.pendingPoints;
  const criteria = result.criteria.map((c) => {
    const e = last.get(c.id);
    if (!e) return c;
    const points = Math.max(0, Math.min(c.maxPoints, e.new));
    if (c.status === 'pending') pending -= c.maxPoints;
    score += points - (c.status === 'pending' ? 0 : c.points);
    // Manual points replace the automatic reasons: the reasons must add up to the points lost.
    const why = [e.reason, e.comment].filter((t) => t !== '').join(' — ');
    const reasons = points < c.maxPoints
      ? [{ points: round(c.maxPoints - points), reason: `${MANUAL_PREFIX}${e.grader}${why ? `: ${why}` : ''}` }]
      : [];
    return { ...c, points, status: 'scored' as const, reasons };
  });
  return { ...result, criteria, score: round(score), pendingPoints: round(Math.max(0, pending)) };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export const TEMPLATE_COLUMNS = ['submission', 'criterion', 'points', 'comment', 'grader', 'reason', 'maxPoints', 'title'] as const;

/** CSV rows for every criterion still pending after the log; TAs fill points, comment and grader. */
export function scoresTemplate(results: readonly Result[]): string {
  const rows = results.flatMap((r) => r.criteria
    .filter((c) => c.status === 'pending')
    .map((c) => [r.submission, c.id, '', '', '', '', c.maxPoints, c.title]));
  return toCsv(TEMPLATE_COLUMNS, rows);
}

export function writeScoresTemplate(dir: string, results: readonly Result[], out = join(dir, 'scores-template.csv')): string {
  writeFileSync(out, scoresTemplate(results));
  return out;
}

export interface ImportProblem { row: number; message: string }
export interface ImportOutcome { applied: ScoreLogEntry[]; skipped: number; problems: ImportProblem[] }

/**
 * Validates every row against the (raw) results first and appends nothing if
 * any row is wrong, so a half-applied sheet never happens. Rows with empty
 * points are skipped (not graded yet). `results` are the automatic results as
 * written by the pipeline; the current log decides what "old" is.
 */
export function importScores(
  dir: string,
  results: readonly Result[],
  csvText: string,
  opts: { now?: () => Date } = {},
): ImportOutcome {
  const { header, rows } = parseCsvObjects(csvText, 'scores CSV');
  for (const col of ['submission', 'criterion', 'points', 'grader']) {
    if (!header.includes(col)) throw new MedgradeError('E_INPUT_FORMAT', `scores CSV lacks the column "${col}" (has: ${header.join(', ')})`);
  }
  const bySubmission = new Map(results.map((r) => [r.submission, r]));
  const logs = new Map<string, ScoreLogEntry[]>();
  const problems: ImportProblem[] = [];
  const planned: { submission: string; entry: ScoreLogEntry }[] = [];
  let skipped = 0;
  const time = (opts.now ?? (() => new Date()))().toISOString();
  rows.forEach((row, i) => {
    const at = i + 2; // 1-based, after the header
    const fail = (message: string) => problems.push({ row: at, message });
    if ((row.points ?? '') === '') { skipped++; return; }
    const raw = bySubmission.get(row.submission ?? '');
    if (!raw) return fail(`unknown submission "${row.submission}"`);
    const crit = raw.criteria.find((c) => c.id === row.criterion);
    if (!crit) return fail(`submission ${raw.submission} has no criterion "${row.criterion}" (has: ${raw.criteria.map((c) => c.id).join(', ')})`);
    const points = Number(row.points);
    if (!Number.isFinite(points) || points < 0 || points > crit.maxPoints) {
      return fail(`points for ${raw.submission}/${crit.id} must be a number from 0 to ${crit.maxPoints}, got "${row.points}"`);
    }
    const grader = row.grader ?? '';
    if (!grader) return fail(`row for ${raw.submission}/${crit.id} names no grader`);
    const reason = row.reason ?? '';
    if (crit.status === 'scored' && !reason) {
      return fail(`${raw.submission}/${crit.id} was scored automatically (${crit.points}/${crit.maxPoints}); an override needs a reason`);
    }
    if (!logs.has(raw.submission)) logs.set(raw.submission, readScoreLog(scoreLogPath(dir, raw.submission)));
    const log = logs.get(raw.submission)!;
    const current = mergedResult(raw, log).criteria.find((c) => c.id === crit.id)!;
    const old = current.status === 'pending' ? null : current.points;
    const comment = row.comment ?? '';
    const last = [...log].reverse().find((e) => e.criterion === crit.id);
    // Importing the same sheet twice must not grow the log.
    if (old === points && (!last || (last.comment === comment && last.reason === reason))) { skipped++; return; }
    const entry: ScoreLogEntry = { time, grader, criterion: crit.id, old, new: points, reason, comment };
    log.push(entry);
    planned.push({ submission: raw.submission, entry });
  });
  if (problems.length > 0) return { applied: [], skipped, problems };
  for (const p of planned) appendFileSync(scoreLogPath(dir, p.submission), JSON.stringify(p.entry) + '\n');
  return { applied: planned.map((p) => p.entry), skipped, problems };
}

/** importScores for a CSV file, against the raw results under dir (what `medgrade scores DIR --import` needs). */
export async function importScoresFile(dir: string, csvFile: string, opts: { now?: () => Date } = {}): Promise<ImportOutcome> {
  const { readResults } = await import('./gradebook.js');
  let text: string;
  try { text = readFileSync(csvFile, 'utf8'); } catch { throw new MedgradeError('E_INPUT_NOT_FOUND', 'scores CSV not found', csvFile); }
  return importScores(dir, readResults(dir).raw, text, opts);
}
