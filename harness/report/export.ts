import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MedgradeError } from '../errors.js';
import type { Result } from '../schema/result.js';
import type { Rubric } from '../rubric/schema.js';
import { parseCsvObjects, toCsv, type Cell } from './csv.js';
import { gradebookRows, readResults } from './gradebook.js';
import { gradescopeResults } from './gradescope.js';

export type ExportFormat = 'csv' | 'brightspace' | 'canvas' | 'gradescope';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'brightspace', 'canvas', 'gradescope'];

export interface ExportOptions {
  /** Roster CSV: submission or group, plus the LMS ids (orgDefinedId, username, name, canvasId, sisUserId, sisLoginId, section). */
  roster?: string;
  rubric?: Rubric;
  /** LMS grade item name; defaults to the assignment id. */
  itemName?: string;
  /** Canvas assignment id, for the "Name (id)" column that updates an existing assignment. */
  canvasAssignmentId?: string;
}

export interface ExportOutcome { files: string[]; rows: number; rosterUsed: boolean; warnings: string[] }

export interface RosterEntry {
  submission: string; group: number | null; orgDefinedId: string; username: string; name: string;
  canvasId: string; sisUserId: string; sisLoginId: string; section: string;
}

const ROSTER_FIELDS: Record<string, keyof RosterEntry> = {
  submission: 'submission', group: 'group', orgdefinedid: 'orgDefinedId', username: 'username', name: 'name', student: 'name',
  canvasid: 'canvasId', id: 'canvasId', sisuserid: 'sisUserId', sisloginid: 'sisLoginId', section: 'section',
};

export function readRoster(path: string): RosterEntry[] {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch { throw new MedgradeError('E_INPUT_NOT_FOUND', 'roster file not found', path); }
  const { header, rows } = parseCsvObjects(text, path);
  const keys = header.map((h) => ROSTER_FIELDS[h.toLowerCase().replace(/[^a-z]/g, '')]);
  if (!keys.includes('submission') && !keys.includes('group')) {
    throw new MedgradeError('E_INPUT_FORMAT', `roster needs a "submission" or "group" column (has: ${header.join(', ')})`, path);
  }
  return rows.map((row, i) => {
    const e: RosterEntry = { submission: '', group: null, orgDefinedId: '', username: '', name: '', canvasId: '', sisUserId: '', sisLoginId: '', section: '' };
    header.forEach((h, j) => {
      const k = keys[j];
      const v = row[h] ?? '';
      if (!k || v === '') return;
      if (k === 'group') {
        const g = Number(v.replace(/^group\s*/i, ''));
        if (!Number.isInteger(g)) throw new MedgradeError('E_INPUT_FORMAT', `row ${i + 2}: group "${v}" is not a whole number`, path);
        e.group = g;
      } else e[k] = v;
    });
    return e;
  });
}

interface GradeRow { entry: RosterEntry; result: Result | null }

/** One row per student (roster) or per submission (no roster); warnings say what will not match. */
function gradeRows(results: Result[], roster: RosterEntry[] | null, warnings: string[]): GradeRow[] {
  if (!roster) {
    return results.map((r) => ({ result: r, entry: { submission: r.submission, group: r.group, orgDefinedId: r.submission, username: r.submission, name: r.submission, canvasId: '', sisUserId: '', sisLoginId: r.submission, section: '' } }));
  }
  const rows = roster.map((entry) => ({
    entry, result: results.find((r) => (entry.submission !== '' && r.submission === entry.submission) || (entry.submission === '' && entry.group !== null && r.group === entry.group)) ?? null,
  }));
  const missing = rows.filter((r) => !r.result).map((r) => r.entry.name || r.entry.orgDefinedId || r.entry.username || r.entry.submission);
  if (missing.length) warnings.push(`${missing.length} roster students have no result; their grade cell is left empty: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}`);
  const unmatched = results.filter((r) => !rows.some((x) => x.result === r)).map((r) => r.submission);
  if (unmatched.length) warnings.push(`${unmatched.length} results match no roster row and are not exported: ${unmatched.join(', ')}`);
  return rows;
}

/** The grade to upload, or null (empty cell) when the harness failed and the grade would be wrong. */
function grade(r: Result | null, warnings: string[]): Cell {
  if (!r) return null;
  if (r.status === 'failed') {
    warnings.push(`${r.submission}: the harness failed; its grade cell is left empty (regrade it).`);
    return null;
  }
  return r.score;
}

/**
 * Writes grades in an LMS import format. csv: the gradebook (out is a file);
 * brightspace/canvas: a grade import CSV (out is a file); gradescope: one
 * results.json per submission under out (a folder).
 */
export function exportGrades(dir: string, format: ExportFormat, out: string, opts: ExportOptions = {}): ExportOutcome {
  const { results, problems } = readResults(dir);
  const warnings = problems.map((p) => `skipped ${p.file}: ${p.message}`);
  const pending = results.filter((r) => r.pendingPoints > 0);
  if (pending.length && format !== 'csv') warnings.push(`${pending.length} submissions still have criteria pending manual grading; their grade leaves those points out (medgrade scores DIR --template).`);
  const roster = opts.roster ? readRoster(opts.roster) : null;
  if (!roster && (format === 'brightspace' || format === 'canvas')) {
    warnings.unshift(`No roster given (--roster): rows are keyed by submission name, which ${format} will not recognise. Give a roster CSV that maps groups or submissions to student ids.`);
  }
  const item = opts.itemName ?? results[0]?.assignment ?? 'medgrade';
  switch (format) {
    case 'csv': {
      const t = gradebookRows(results, opts.rubric);
      writeFileSync(out, toCsv(t.header, t.rows));
      return { files: [out], rows: t.rows.length, rosterUsed: false, warnings };
    }
    case 'brightspace': {
      // D2L Brightspace grade import (also Ghent University's Ufora):
      // https://community.d2l.com/brightspace/kb/articles/3538-importing-grades
      // OrgDefinedId and/or Username identify the user; a numeric item is "<item> Points Grade";
      // the sample import file ends every row with an "End-of-Line Indicator" column holding "#".
      const rows = gradeRows(results, roster, warnings);
      const body = rows.map((r) => [r.entry.orgDefinedId, r.entry.username, grade(r.result, warnings), '#']);
      writeFileSync(out, toCsv(['OrgDefinedId', 'Username', `${item} Points Grade`, 'End-of-Line Indicator'], body));
      return { files: [out], rows: body.length, rosterUsed: roster !== null, warnings };
    }
    case 'canvas': {
      // Canvas gradebook import CSV: Student, ID, SIS User ID, SIS Login ID, Section, then one column
      // per assignment, "Assignment Name (assignment id)" as Canvas's own gradebook export writes it;
      // a new assignment column creates an assignment on import.
      // https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades
      const rows = gradeRows(results, roster, warnings);
      const column = opts.canvasAssignmentId ? `${item} (${opts.canvasAssignmentId})` : item;
      if (!opts.canvasAssignmentId) warnings.push(`No Canvas assignment id given: the column "${column}" creates a new assignment on import.`);
      const body = rows.map((r) => [r.entry.name, r.entry.canvasId, r.entry.sisUserId, r.entry.sisLoginId, r.entry.section, grade(r.result, warnings)]);
      writeFileSync(out, toCsv(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', column], body));
      return { files: [out], rows: body.length, rosterUsed: roster !== null, warnings };
    }
    case 'gradescope': {
      mkdirSync(out, { recursive: true });
      const files = results.map((r) => {
        const file = join(out, `${r.submission}.json`);
        writeFileSync(file, JSON.stringify(gradescopeResults(r), null, 2) + '\n');
        return file;
      });
      if (roster) warnings.push('Gradescope results are per submission; the roster is not used.');
      return { files, rows: files.length, rosterUsed: false, warnings };
    }
    default:
      throw new MedgradeError('E_USAGE', `unknown export format "${String(format)}" (use ${EXPORT_FORMATS.join(', ')})`);
  }
}
