/**
 * CSV writing and reading for gradebooks, exports and TA score sheets.
 * Student-controlled strings end up in these files, so every text cell that a
 * spreadsheet could read as a formula is neutralised with a leading apostrophe.
 */

import { parseCsvRows } from '../intake/csv.js';

export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell that starts like a formula gets a leading apostrophe; numbers stay numbers. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvCell(value: Cell, neutralise = true): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(roundForCsv(value)) : '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = neutralise ? neutraliseFormula(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function roundForCsv(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** RFC 4180 text with CRLF line ends, as LMS importers expect. */
export function toCsv(header: readonly string[], rows: readonly Cell[][], neutralise = true): string {
  const lines = [header.map((h) => csvCell(h, false)).join(',')];
  for (const row of rows) lines.push(row.map((c) => csvCell(c, neutralise)).join(','));
  return lines.join('\r\n') + '\r\n';
}

/**
 * RFC 4180 rows (comma-separated), through the intake parser so the project has one;
 * an unclosed quote is a ParseError naming `file`.
 */
export function parseCsv(text: string, file = '(csv text)'): string[][] {
  return parseCsvRows(text, file, ',');
}

/** Rows as objects keyed by the header (header names trimmed). */
export function parseCsvObjects(text: string, file?: string): { header: string[]; rows: Record<string, string>[] } {
  const [head, ...body] = parseCsv(text, file);
  const header = (head ?? []).map((h) => h.trim());
  const rows = body.map((r) => Object.fromEntries(header.map((h, i) => [h, (r[i] ?? '').trim()])));
  return { header, rows };
}
