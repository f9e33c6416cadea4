import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MedgradeError } from '../errors.js';
import { parseCsv } from '../intake/csv.js';
import { createRng } from '../../reference/data/covid-synthetic/prng.js';
import { permutation } from '../../reference/data/covid-synthetic/layout.js';
import type { TaskKind } from './types.js';
import { collectClassPredictions, type ClassPredictions } from './class-predictions.js';
import { measureClasses } from './measure.js';
import { predictionsPath } from './image-folder.js';

/** The file every table split holds, and the one predict reads under /test. */
export const TABLE_FILE = 'data.csv';
export const HIDDEN_TABLE_FILE = 'test.csv';

export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function writeCsv(path: string, header: string[], rows: string[][]): void {
  writeFileSync(path, [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n');
}

function newIds(count: number, seed: number | string | undefined): string[] {
  if (seed === undefined) return Array.from({ length: count }, () => randomBytes(6).toString('hex'));
  return Array.from({ length: count }, (_, i) => createHash('sha256').update(`medgrade-hidden-row:${seed}:${i}`).digest('hex').slice(0, 12));
}

/**
 * Hides a labelled table: rows shuffled, ids replaced by random ones, the label column
 * dropped. Only the feature columns reach /test/test.csv, in their original order.
 */
export function hideTable(testDir: string, outDir: string, options: { seed?: number | string } = {}): { dir: string; truth: Map<string, string> } {
  const path = join(testDir, TABLE_FILE);
  if (!existsSync(path)) throw new MedgradeError('E_INPUT_NOT_FOUND', `a table split needs ${TABLE_FILE}`, testDir);
  const table = parseCsv(readFileSync(path, 'utf8'), path);
  const header = table.header.map((h) => h.toLowerCase());
  const idCol = header.indexOf('id');
  const labelCol = header.indexOf('label');
  if (idCol < 0 || labelCol < 0) throw new MedgradeError('E_INPUT_FORMAT', `${TABLE_FILE} needs the columns id and label; it has ${table.header.join(',')}`, path);
  const keep = table.header.map((_, i) => i).filter((i) => i !== idCol && i !== labelCol);
  const rngSeed = options.seed === undefined ? randomBytes(4).readUInt32LE(0)
    : createHash('sha256').update(String(options.seed)).digest().readUInt32LE(0);
  const order = permutation(table.rows.length, createRng(rngSeed).next);
  const ids = newIds(table.rows.length, options.seed);
  mkdirSync(outDir, { recursive: true });
  if (readdirSync(outDir).length > 0) throw new MedgradeError('E_USAGE', 'the hidden test folder must start empty', outDir);
  const truth = new Map<string, string>();
  const rows = order.map((r, i) => {
    const row = table.rows[r]!;
    truth.set(ids[i]!, (row[labelCol] ?? '').trim());
    return [ids[i]!, ...keep.map((c) => row[c] ?? '')];
  });
  writeCsv(join(outDir, HIDDEN_TABLE_FILE), ['id', ...keep.map((c) => table.header[c]!)], rows);
  return { dir: outDir, truth };
}

/**
 * table: <split>/data.csv with an id and a label column. Predict reads /test/test.csv
 * (no label, renamed ids, shuffled) and writes id,probability (binary) or id,label or id
 * plus one probability column per class (multiclass). `filename` is accepted for `id`.
 */
export function tableTask(): TaskKind<ClassPredictions> {
  return {
    layout: 'table',
    hideTest: (testDir, outDir, options) => hideTable(testDir, outDir, options),
    collect(predictOut, rubric, hidden, findings) {
      const path = predictionsPath(predictOut, rubric);
      if (!path) return null;
      return collectClassPredictions(path, new Set(hidden.truth.keys()), rubric.task.classes,
        rubric.task.kind === 'multiclass-classification', findings, ['id', 'filename'], 'row');
    },
    measure: (rubric, hidden, predictions) => measureClasses(rubric, hidden.truth, predictions),
  };
}
