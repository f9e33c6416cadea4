import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ParseError } from '../../errors.js';

/**
 * Patient ids from file names, CSV metadata, NIfTI descrip text and DICOM
 * PatientID. Each pattern has one capture group, the id; all-digit ids lose
 * their leading zeros so that "patient_007.png" and "P7.png" agree.
 */
export const DEFAULT_PATIENT_PATTERNS: readonly string[] = [
  // patient12, patient_012, pt-3, sub-07, subject_7, case_00012, P0001 (not "Pneumonia-1": digits must follow)
  '(?:^|[^a-z0-9])(?:patient|pat|pt|subject|sub|case|p)[_-]?(\\d+)(?![0-9])',
  // brats001_slice_050.png: the part before _slice
  '^(.+?)[_-]slice',
  // nnU-Net / ovarian layout: ovarian_001_0000.nii.gz is case ovarian_001, channel 0000
  '^(.+?)_\\d{4}\\.nii(?:\\.gz)?$',
];

/** Matches "patient 12", "PatientID=AB12", "subject: s03" inside free text (NIfTI descrip). */
const DESCRIPTION_PATTERN = /(?:patient|subject|pid)[\s_-]*(?:id)?\s*[:=#]?\s*([a-z0-9][a-z0-9._-]*)/i;

/** Values scanners and anonymisers put where no real id exists. */
const PLACEHOLDER_IDS = new Set(['', 'anonymous', 'anon', 'unknown', 'none', 'na', 'n/a', '0', 'patient']);

export function compilePatterns(patterns: readonly (string | RegExp)[]): RegExp[] {
  return patterns.map((p) => (typeof p === 'string' ? new RegExp(p, 'i') : p));
}

export function normaliseId(raw: string): string | null {
  const id = raw.trim().toLowerCase();
  if (PLACEHOLDER_IDS.has(id)) return null;
  return /^\d+$/.test(id) ? String(Number.parseInt(id, 10)) : id;
}

export function patientFromName(file: string, patterns: RegExp[]): string | null {
  const base = path.basename(file);
  for (const re of patterns) {
    const m = re.exec(base);
    if (m?.[1]) return normaliseId(m[1]);
  }
  return null;
}

export function patientFromDescription(text: string, patterns: RegExp[]): string | null {
  const m = DESCRIPTION_PATTERN.exec(text);
  if (m?.[1]) return normaliseId(m[1]);
  for (const re of patterns) {
    const n = re.exec(text);
    if (n?.[1]) return normaliseId(n[1]);
  }
  return null;
}

const FILE_COLUMNS = ['filename', 'file', 'filepath', 'path', 'image', 'imageid', 'imagepath', 'img', 'imagename', 'fname'];
const PATIENT_COLUMNS = ['patientid', 'patient', 'subject', 'subjectid', 'participantid', 'caseid', 'patientname'];

const csvTable = z.object({ header: z.array(z.string()).min(1), rows: z.array(z.array(z.string())) });
export type CsvTable = z.infer<typeof csvTable>;

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF. */
export function parseCsv(text: string, file: string): CsvTable {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  if (quoted) throw new ParseError('CSV has an unterminated quoted field', file);
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  const [header, ...rest] = rows;
  const parsed = csvTable.safeParse({ header: header?.map((h) => h.trim()), rows: rest });
  if (!parsed.success) throw new ParseError('CSV has no header row', file);
  return parsed.data;
}

function findColumn(header: string[], names: string[]): number {
  const keys = header.map((h) => h.toLowerCase().replace(/[^a-z]/g, ''));
  for (const name of names) {
    const i = keys.indexOf(name);
    if (i >= 0) return i;
  }
  return -1;
}

/** One row of a metadata or split CSV: the file it names (as written) and its patient, if any. */
export interface CsvEntry {
  file: string;
  patient: string | null;
}

/**
 * Reads a CSV that names image files, with or without a patient column.
 * Returns null when it has no file column (not a metadata CSV at all).
 */
export function readFileCsv(csvPath: string): CsvEntry[] | null {
  const table = parseCsv(readFileSync(csvPath, 'utf8'), csvPath);
  const fileCol = findColumn(table.header, FILE_COLUMNS);
  if (fileCol < 0) return null;
  const patientCol = findColumn(table.header, PATIENT_COLUMNS);
  return table.rows
    .filter((r) => (r[fileCol] ?? '').trim() !== '')
    .map((r) => ({ file: r[fileCol]!.trim(), patient: patientCol >= 0 ? normaliseId(r[patientCol] ?? '') : null }));
}
