import { readFileSync } from 'node:fs';
import { ParseError } from '../../../harness/errors.js';
import { parseCsv, type CsvTable } from '../../../harness/intake/csv.js';
import { readMaybeGzip } from './gzip.js';

/** Reads a CSV (optionally .gz) with a header row, through the intake parser. */
export function readCsvTable(path: string): CsvTable {
  const buf = path.endsWith('.gz') ? readMaybeGzip(path) : readText(path);
  return parseCsv(buf.toString('utf8'), path);
}

/** Reads a headerless numeric CSV (sklearn's digits.csv.gz) as rows of numbers. */
export function readNumericRows(path: string): number[][] {
  const text = (path.endsWith('.gz') ? readMaybeGzip(path) : readText(path)).toString('utf8');
  return text.split(/\r?\n/).filter((l) => l.trim() !== '').map((line, i) => line.split(',').map((cell) => toNumber(cell, path, i + 1)));
}

/** One column as numbers; an empty or non-numeric cell is a ParseError with its line. */
export function numericColumn(table: CsvTable, name: string, file: string): Float64Array {
  const col = table.header.indexOf(name);
  if (col < 0) throw new ParseError(`no column "${name}" (columns: ${table.header.join(', ')})`, file);
  return Float64Array.from(table.rows, (row, i) => toNumber(row[col] ?? '', file, i + 2));
}

function toNumber(cell: string, file: string, line: number): number {
  const v = cell.trim() === '' ? NaN : Number(cell);
  if (!Number.isFinite(v)) throw new ParseError(`line ${line}: "${cell}" is not a finite number`, file);
  return v;
}

function readText(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new ParseError(`cannot read the file: ${(e as Error).message}`, path);
  }
}
