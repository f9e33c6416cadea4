import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { ParseError } from '../../../harness/errors.js';
import { numericColumn, readCsvTable, readNumericRows } from '../../core/io/csv.js';
import { writeDatasetJson } from './describe.js';
import { writeNpy } from './npy.js';
import { verifySources, type SourceFile } from './source.js';

const SK = '/usr/lib/python3/dist-packages/sklearn/datasets/data';
const sklearnFrom = { kind: 'debian', name: 'python3-sklearn', version: '1.2.1+dfsg-1' } as const;
export const BREAST_CANCER_SOURCES: SourceFile[] = [
  { path: join(SK, 'breast_cancer.csv'), sha256: 'fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed', from: sklearnFrom },
];
export const DIGITS_SOURCES: SourceFile[] = [
  { path: join(SK, 'digits.csv.gz'), sha256: '46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a', from: sklearnFrom },
];

const BASE = ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity', 'concave points', 'symmetry', 'fractal dimension'];
/** sklearn's `load_breast_cancer().feature_names`, in column order. */
const FEATURES = [...BASE.map((f) => `mean ${f}`), ...BASE.map((f) => `${f} error`), ...BASE.map((f) => `worst ${f}`)];

/**
 * Wisconsin diagnostic breast cancer, 569×30. sklearn's file starts with a
 * "569,30,malignant,benign" line, then rows of 30 features and the target
 * (0 malignant, 1 benign). Written as a CSV with named columns and as X.npy/y.npy.
 */
export function adaptBreastCancer(o: { out: string }): string[] {
  const src = BREAST_CANCER_SOURCES[0]!;
  verifySources(BREAST_CANCER_SOURCES);
  const table = readCsvTable(src.path);
  const [n, p] = table.header.map(Number);
  if (n !== 569 || p !== 30 || table.rows.length !== n) throw new ParseError(`expected 569 rows of 30 features, header says ${table.header.join(',')}`, src.path);
  const named = { header: [...FEATURES, 'target'], rows: table.rows, delimiter: ',' };
  const x = new Float64Array(n * p);
  const y = new Uint8Array(n);
  FEATURES.forEach((f, j) => numericColumn(named, f, src.path).forEach((v, i) => { x[i * p + j] = v; }));
  numericColumn(named, 'target', src.path).forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new ParseError(`line ${i + 2}: target ${v} is not 0 or 1`, src.path);
    y[i] = v;
  });
  mkdirSync(o.out, { recursive: true });
  const lines = [[...FEATURES, 'target', 'diagnosis'].join(',')];
  for (let i = 0; i < n; i++) lines.push([...table.rows[i]!.slice(0, p), y[i], y[i] === 0 ? 'malignant' : 'benign'].join(','));
  writeFileSync(join(o.out, 'breast_cancer.csv'), lines.join('\n') + '\n');
  writeNpy(join(o.out, 'X.npy'), x, [n, p]);
  writeNpy(join(o.out, 'y.npy'), y, [n]);
  const malignant = y.reduce((s, v) => s + (v === 0 ? 1 : 0), 0);
  writeDatasetJson(o.out, {
    name: 'breast-cancer', real: true, licence: 'BSD-3-Clause (scikit-learn); data: UCI Wisconsin Diagnostic Breast Cancer',
    layout: {
      'breast_cancer.csv': '569 rows: 30 named features, target (0 malignant, 1 benign), diagnosis',
      'X.npy': 'float64 569×30, C order', 'y.npy': 'uint8 569',
    },
    steps: ['verified sha256', 'dropped sklearn\'s count line, named the columns as sklearn.load_breast_cancer does', 'wrote CSV and .npy'],
    notes: [`${malignant} malignant, ${n - malignant} benign`],
  }, BREAST_CANCER_SOURCES);
  return [`Wrote REAL breast-cancer (569×30, ${malignant} malignant) to ${o.out}`, `  see ${o.out}/DATASET.json`];
}

/** sklearn digits: 1,797 8×8 images, values 0..16, label in the last column. */
export function adaptDigits(o: { out: string; count?: number }): string[] {
  const src = DIGITS_SOURCES[0]!;
  verifySources(DIGITS_SOURCES);
  const rows = readNumericRows(src.path);
  if (rows.length !== 1797 || rows.some((r) => r.length !== 65)) throw new ParseError('expected 1797 rows of 64 pixels and a label', src.path);
  const x = new Uint8Array(rows.length * 64);
  const y = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    for (let j = 0; j < 64; j++) {
      if (!Number.isInteger(r[j]) || r[j]! < 0 || r[j]! > 16) throw new ParseError(`line ${i + 1}: pixel ${r[j]} outside 0..16`, src.path);
      x[i * 64 + j] = r[j]!;
    }
    if (!Number.isInteger(r[64]) || r[64]! < 0 || r[64]! > 9) throw new ParseError(`line ${i + 1}: label ${r[64]}`, src.path);
    y[i] = r[64]!;
  });
  mkdirSync(o.out, { recursive: true });
  writeNpy(join(o.out, 'X.npy'), x, [rows.length, 8, 8]);
  writeNpy(join(o.out, 'y.npy'), y, [rows.length]);
  const layout: Record<string, string> = { 'X.npy': 'uint8 1797×8×8, values 0..16', 'y.npy': 'uint8 1797, digit 0..9' };
  const steps = ['verified sha256', 'checked pixel range 0..16 and labels 0..9', 'wrote .npy'];
  const n = Math.min(o.count ?? 0, rows.length);
  for (let i = 0; i < n; i++) {
    const dir = join(o.out, 'png', String(y[i]));
    mkdirSync(dir, { recursive: true });
    const png = new PNG({ width: 8, height: 8, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
    png.data = Buffer.from(x.subarray(i * 64, (i + 1) * 64).map((v) => Math.round((v * 255) / 16)));
    writeFileSync(join(dir, `${String(i).padStart(4, '0')}.png`), PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false }));
  }
  if (n) {
    layout['png/<digit>/<index>.png'] = `first ${n} images, 8-bit grey, value×255/16`;
    steps.push(`wrote the first ${n} images as PNG class folders`);
  }
  writeDatasetJson(o.out, { name: 'digits', real: true, licence: 'BSD-3-Clause (scikit-learn); data: UCI optical digits', layout, steps }, DIGITS_SOURCES);
  return [`Wrote REAL digits (1797 8×8) to ${o.out}` + (n ? `, ${n} PNGs` : ''), `  see ${o.out}/DATASET.json`];
}

const NITIME = '/usr/lib/python3/dist-packages/nitime/data';
const nitimeFrom = { kind: 'debian', name: 'python3-nitime', version: '0.9-5' } as const;
export const NITIME_SOURCES: SourceFile[] = [
  { path: join(NITIME, 'event_related_fmri.csv'), sha256: 'f0517820de8a8c8e94373f4c4186ea347e0fcbc7000f94a332534ed646dbe07b', from: nitimeFrom },
  { path: join(NITIME, 'fmri_timeseries.csv'), sha256: 'b272a7a8e1981d1b4542e739e5244be41c1bfee8a8d3cd224b87605ec72c2ffd', from: nitimeFrom },
];

/** nitime's event-related BOLD (bold, events columns) and 31-ROI time series, checked numeric and copied. */
export function adaptNitimeFmri(o: { out: string }): string[] {
  verifySources(NITIME_SOURCES);
  const [events, rois] = NITIME_SOURCES.map((s) => readCsvTable(s.path)) as [ReturnType<typeof readCsvTable>, ReturnType<typeof readCsvTable>];
  const ev = NITIME_SOURCES[0]!.path;
  if (events.header.join() !== 'bold,events') throw new ParseError(`expected columns bold,events, got ${events.header.join(',')}`, ev);
  const bold = numericColumn(events, 'bold', ev);
  const codes = numericColumn(events, 'events', ev);
  for (const h of rois.header) numericColumn(rois, h, NITIME_SOURCES[1]!.path);
  mkdirSync(o.out, { recursive: true });
  for (const s of NITIME_SOURCES) copyFileSync(s.path, join(o.out, s.path.split('/').pop()!));
  writeNpy(join(o.out, 'bold.npy'), Float64Array.from(bold), [bold.length]);
  writeNpy(join(o.out, 'events.npy'), Int32Array.from(codes), [codes.length]);
  const kinds = [...new Set(codes)].sort((a, b) => a - b);
  writeDatasetJson(o.out, {
    name: 'nitime-fmri', real: true, licence: 'BSD-3-Clause (nitime)',
    layout: {
      'event_related_fmri.csv': `${bold.length} rows: bold, events (codes ${kinds.join(', ')}; 0 = no event)`,
      'fmri_timeseries.csv': `${rois.rows.length} time points × ${rois.header.length} ROI columns`,
      'bold.npy': 'float64, the bold column', 'events.npy': 'int32, the events column',
    },
    steps: ['verified sha256', 'checked every cell is a finite number', 'copied the CSVs, wrote the event-related columns as .npy'],
  }, NITIME_SOURCES);
  return [`Wrote REAL nitime fMRI (${bold.length} BOLD samples, ${rois.header.length} ROI series) to ${o.out}`, `  see ${o.out}/DATASET.json`];
}
