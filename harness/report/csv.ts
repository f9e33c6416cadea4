/**
 * CSV writing and reading for gradebooks, exports and TA score sheets.
 * Student-controlled strings end up in these files, so every text cell that a
 * spreadsheet could read as a formula is neutralised with a leading apostrophe.
 */

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

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). Returns rows of raw strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Rows as objects keyed by the header (header names trimmed). */
export function parseCsvObjects(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [head, ...body] = parseCsv(text);
  const header = (head ?? []).map((h) => h.trim());
  const rows = body.map((r) => Object.fromEntries(header.map((h, i) => [h, (r[i] ?? '').trim()])));
  return { header, rows };
}
