import { ParseError } from '../errors.js';

/** A parsed CSV: the header row (trimmed) and the data rows as raw strings. */
export interface CsvTable {
  header: string[];
  rows: string[][];
  delimiter: string;
}

/**
 * Students write CSVs with pandas (comma) but also from Excel in a Belgian locale
 * (semicolon) or by hand (tab): pick the delimiter the header line uses most,
 * outside quotes, preferring comma on ties.
 */
export function sniffDelimiter(text: string): string {
  const firstLine = text.replace(/"[^"]*"/g, '').split(/\r?\n/)[0] ?? '';
  let best = ',';
  let bestCount = (firstLine.match(/,/g) ?? []).length;
  for (const d of [';', '\t']) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) { best = d; bestCount = count; }
  }
  return best;
}

/**
 * RFC 4180 rows: quoted fields with doubled quotes and embedded newlines, CRLF or
 * LF or CR line ends, a UTF-8 BOM, blank lines skipped. A quote that never closes
 * is a ParseError naming the file and the line where the field started.
 */
export function parseCsvRows(text: string, file: string, delimiter = ','): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  const endRow = (): void => {
    row.push(field);
    if (!(row.length === 1 && row[0]!.trim() === '')) rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '\n') line++;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') { quoted = true; field = ''; quoteLine = line; }
    else if (ch === delimiter) { row.push(field); field = ''; }
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') { i++; line++; }
      else if (ch === '\r') line++;
      endRow();
    } else field += ch;
  }
  if (quoted) throw new ParseError(`a quoted field that starts on line ${quoteLine} never closes`, file);
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Parses a CSV with a header row. The delimiter is sniffed unless given. */
export function parseCsv(text: string, file: string, delimiter = sniffDelimiter(text.replace(/^\uFEFF/, ''))): CsvTable {
  const [head, ...rows] = parseCsvRows(text, file, delimiter);
  if (!head) throw new ParseError('the file is empty: no header row', file);
  return { header: head.map((h) => h.trim()), rows, delimiter };
}
