import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finding, type Finding } from '../schema/finding.js';
import { parseCsv, type CsvTable } from '../intake/csv.js';
import type { Collected, NotebookRun } from './types.js';

const MAX_PREDICTIONS_BYTES = 20 * 1024 * 1024;
const CHECK = 'collect/outputs';

/** Reads a file the sandbox wrote, refusing links and oversized or binary content. */
export function readOutput(path: string, label: string, findings: Finding[], kind: Finding['kind']): string | null {
  if (!existsSync(path)) return null;
  const st = lstatSync(path);
  if (!st.isFile()) {
    findings.push(finding({ check: CHECK, kind: 'output-escape', severity: 'error', file: label,
      message: `${label} is not a regular file (a link or special file); it was not read.`,
      fix: 'Write a plain file.' }));
    return null;
  }
  if (st.size > MAX_PREDICTIONS_BYTES) {
    findings.push(finding({ check: CHECK, kind, severity: 'error', file: label,
      message: `${label} is ${(st.size / 1e6).toFixed(1)} MB, over the ${MAX_PREDICTIONS_BYTES / 1e6} MB limit; it was not read.`,
      fix: 'Write one short row per image.' }));
    return null;
  }
  const buf = readFileSync(path);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  if (buf.includes(0) || text.includes('\uFFFD')) {
    findings.push(finding({ check: CHECK, kind, severity: 'error', file: label,
      message: `${label} is not UTF-8 text.`, fix: 'Write the CSV as UTF-8 text, e.g. with pandas.DataFrame.to_csv.' }));
    return null;
  }
  return text;
}

/** Which column names the id, and what the rows stand for in messages (tables say "row"). */
export interface PredictionColumns {
  /** Accepted names of the id column, first found wins (case-insensitive). */
  idColumns?: string[];
  /** "image" or "row", for messages. */
  unit?: string;
}

/** Parses a predictions CSV the sandbox wrote, or records why it could not. */
export function readPredictionsCsv(path: string, label: string, findings: Finding[], expectedColumns: string): CsvTable | null {
  const text = readOutput(path, label, findings, 'predictions-malformed');
  if (text === null) {
    if (!existsSync(path)) {
      findings.push(finding({ check: CHECK, kind: 'predictions-missing', severity: 'error', file: label,
        message: 'The predict phase wrote no predictions file.', fix: `Write /out/${label} with columns ${expectedColumns}.` }));
    }
    return null;
  }
  try {
    return parseCsv(text, label);
  } catch (e) {
    findings.push(finding({ check: CHECK, kind: 'predictions-malformed', severity: 'error', file: label,
      message: `${label} does not parse: ${(e as Error).message}`, fix: 'Write a plain CSV with a header row.' }));
    return null;
  }
}

/** One finding that lists every kind of bad row with counts and a few examples. */
export function badRowsFinding(label: string, problems: Record<string, string[]>, usable: number, expected: number, unit: string, fix: string): Finding | null {
  const parts = Object.entries(problems).filter(([, v]) => v.length > 0)
    .map(([k, v]) => `${v.length} ${k} (e.g. ${v.slice(0, 3).map((s) => JSON.stringify(s.slice(0, 60))).join(', ')})`);
  if (!parts.length) return null;
  return finding({ check: CHECK, kind: 'predictions-malformed', severity: 'error', file: label,
    message: `${label} has bad rows: ${parts.join('; ')}. ${usable} of ${expected} ${unit}s have a usable prediction.`, fix });
}

/**
 * predictions.csv → id → probability. Every row problem becomes part of one
 * `predictions-malformed` finding (with counts and examples) rather than one finding per row.
 */
export function collectPredictions(path: string, expected: Set<string>, findings: Finding[], columns: PredictionColumns = {}): Map<string, number> | null {
  const label = path.replace(/^.*\//, '') || 'predictions.csv';
  const idColumns = columns.idColumns ?? ['filename'];
  const unit = columns.unit ?? 'image';
  const table = readPredictionsCsv(path, label, findings, `${idColumns[0]},probability`);
  if (!table) return null;
  const header = table.header.map((h) => h.trim().toLowerCase());
  const fi = idColumns.map((c) => header.indexOf(c)).find((i) => i >= 0) ?? -1;
  const pi = header.indexOf('probability');
  if (fi < 0 || pi < 0) {
    findings.push(finding({ check: CHECK, kind: 'predictions-malformed', severity: 'error', file: label,
      message: `${label} needs the columns ${idColumns[0]},probability; it has ${table.header.join(',').slice(0, 200)}.`,
      fix: `Name the columns exactly ${idColumns[0]} and probability.` }));
    return null;
  }
  const problems: Record<string, string[]> = { 'not a number': [], 'outside [0, 1]': [], duplicate: [], [`unknown ${unit === 'image' ? 'file' : 'id'}`]: [] };
  const unknown = problems[`unknown ${unit === 'image' ? 'file' : 'id'}`]!;
  const out = new Map<string, number>();
  for (const row of table.rows) {
    const name = (row[fi] ?? '').trim().replace(/^.*\//, '');
    const raw = (row[pi] ?? '').trim();
    const p = raw === '' ? Number.NaN : Number(raw);
    if (!expected.has(name)) { unknown.push(name); continue; }
    if (out.has(name)) { problems.duplicate!.push(name); continue; }
    if (!Number.isFinite(p)) { problems['not a number']!.push(name); continue; }
    if (p < 0 || p > 1) { problems['outside [0, 1]']!.push(name); continue; }
    out.set(name, p);
  }
  const missing = [...expected].filter((id) => !out.has(id) && !problems['not a number']!.includes(id) && !problems['outside [0, 1]']!.includes(id));
  if (missing.length) problems.missing = missing;
  const bad = badRowsFinding(label, problems, out.size, expected.size, unit,
    `Write exactly one row per test ${unit}, with its ${idColumns[0]} and a probability between 0 and 1.`);
  if (bad) findings.push(bad);
  return out;
}

/** Keras CSVLogger history: epoch plus one numeric column per metric. */
export function collectHistory(path: string, findings: Finding[]): Record<string, number[]> | null {
  const label = 'model/history.csv';
  const text = readOutput(path, label, findings, 'history-malformed');
  if (text === null) return null;
  try {
    const table = parseCsv(text, label);
    const history: Record<string, number[]> = {};
    table.header.forEach((h, i) => { history[h.trim()] = table.rows.map((r) => Number(r[i])); });
    if (!history.epoch || table.rows.length === 0) throw new Error('no epoch column or no rows');
    return history;
  } catch (e) {
    findings.push(finding({ check: CHECK, kind: 'history-malformed', severity: 'warning', file: label,
      message: `The training history could not be read: ${(e as Error).message}`,
      fix: 'Use keras.callbacks.CSVLogger, which writes epoch and one column per metric.' }));
    return null;
  }
}

const CLAIM = /\btest(?:[ _-]?set)?[ _-]*(accuracy|acc|auc|roc[ _-]?auc|f1(?:[ _-]?score)?|sensitivity|recall|specificity)\b[^\d\n]{0,20}?(\d*\.\d+|\d+(?:\.\d+)?)\s*(%?)/gi;
const METRIC_NAMES: Record<string, string> = { acc: 'accuracy', accuracy: 'accuracy', auc: 'roc_auc', recall: 'sensitivity', sensitivity: 'sensitivity', specificity: 'specificity' };

const CSV_CLAIM = /^test[ _-]?(accuracy|acc|auc|roc[ _-]?auc|f1(?:[ _-]?score)?|sensitivity|recall|specificity)$/i;

/**
 * Test metrics a package's CSVs report (a `test_accuracy` column, say): the best
 * value of each such column is what the student claims for it.
 */
export function extractCsvClaims(root: string, files: string[]): Collected['claims'] {
  const claims: Collected['claims'] = [];
  for (const rel of files.filter((f) => f.toLowerCase().endsWith('.csv'))) {
    const path = join(root, rel);
    if (lstatSync(path).size > 1024 * 1024) continue;
    let table;
    try { table = parseCsv(readFileSync(path, 'utf8'), rel); } catch { continue; }
    table.header.forEach((h, i) => {
      const m = CSV_CLAIM.exec(h.trim());
      if (!m) return;
      const values = table.rows.map((r) => Number(r[i])).filter((v) => Number.isFinite(v));
      if (!values.length) return;
      let value = Math.max(...values);
      if (value > 1 && value <= 100) value /= 100;
      if (value >= 0 && value <= 1) claims.push({ metric: metricName(m[1]!), value, where: rel });
    });
  }
  return claims;
}

function metricName(word: string): string {
  const w = word.toLowerCase().replace(/[ _-]/g, '');
  if (w.startsWith('f1')) return 'f1';
  if (w === 'rocauc') return 'roc_auc';
  return METRIC_NAMES[w] ?? w;
}

/** Test-set metrics that a notebook prints, such as "Test accuracy: 0.91" or "test AUC = 97%". */
export function extractClaims(notebookJson: string, where: string): Collected['claims'] {
  let nb: { cells?: { cell_type?: string; outputs?: { text?: string | string[]; data?: Record<string, unknown> }[] }[] };
  try { nb = JSON.parse(notebookJson); } catch { return []; }
  const claims: Collected['claims'] = [];
  (nb.cells ?? []).filter((c) => c.cell_type === 'code').forEach((cell, index) => {
    for (const out of cell.outputs ?? []) {
      const plain = out.text ?? out.data?.['text/plain'];
      const text = Array.isArray(plain) ? plain.join('') : typeof plain === 'string' ? plain : '';
      for (const m of text.matchAll(CLAIM)) {
        let value = Number(m[2]);
        if (m[3] === '%' || value > 1) value /= 100;
        if (value >= 0 && value <= 1) claims.push({ metric: metricName(m[1]!), value, where: `${where} cell ${index + 1}` });
      }
    }
  });
  return claims;
}

export function collectClaims(notebooks: NotebookRun[]): Collected['claims'] {
  return notebooks.flatMap((nb) => (nb.executedPath && existsSync(nb.executedPath)
    ? extractClaims(readFileSync(nb.executedPath, 'utf8'), nb.path) : []));
}
