import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { z } from 'zod';
import { rocCurve, trapezoid } from '../metrics/roc.js';
import type { Result } from '../schema/result.js';
import { parseCsv } from './csv.js';

/**
 * Charts as SVG strings, rendered in Node with vega (no canvas). Every chart is
 * readable in grayscale: series differ by dash and marker shape, not colour.
 */

const GRAYS = ['#000000', '#555555', '#888888', '#bbbbbb'];
const CONFIG = {
  font: 'DejaVu Sans, Arial, sans-serif',
  background: 'white',
  range: { category: GRAYS, ordinal: GRAYS },
  mark: { color: '#000000' },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  legend: { labelFontSize: 11, titleFontSize: 11 },
  title: { fontSize: 13 },
};

export async function svgFromVegaLite(spec: Record<string, unknown>): Promise<string> {
  const full = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CONFIG, ...spec } as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(full).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface Band { metric: string; value: number | null; low: number | null; high: number | null; mean: number | null; within: boolean | null }

/** Reference band as a shaded range, its mean as a tick and the measured value as a marker. */
export function bandSpec(bands: readonly Band[], title = 'Measured metrics against the reference band'): Record<string, unknown> {
  const rows = bands.map((b) => ({ ...b, where: b.within === null ? 'no band' : b.within ? 'inside band' : 'outside band' }));
  const y = { field: 'metric', type: 'nominal', title: null, sort: null };
  const lows = bands.flatMap((b) => [b.low, b.value]).filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = Math.max(0, Math.floor((Math.min(1, ...lows) - 0.05) * 10) / 10);
  return {
    title, width: 420, height: { step: 34 }, data: { values: rows },
    layer: [
      { mark: { type: 'bar', fill: '#e3e3e3', stroke: '#555555', strokeWidth: 1, height: 16 },
        encoding: { y, x: { field: 'low', type: 'quantitative', title: 'value', scale: { domain: [lo, 1] } }, x2: { field: 'high' } } },
      { mark: { type: 'tick', color: '#555555', thickness: 2, size: 16 }, encoding: { y, x: { field: 'mean', type: 'quantitative' } } },
      { mark: { type: 'point', filled: true, size: 110, color: '#000000' },
        encoding: { y, x: { field: 'value', type: 'quantitative' },
          shape: { field: 'where', type: 'nominal', title: 'measured value', scale: { domain: ['inside band', 'outside band', 'no band'], range: ['circle', 'cross', 'square'] } } } },
      { mark: { type: 'text', align: 'left', dx: 9, dy: -10, fontSize: 10 },
        encoding: { y, x: { field: 'value', type: 'quantitative' }, text: { field: 'value', type: 'quantitative', format: '.3f' } } },
    ],
  };
}

export interface HistoryTable { columns: string[]; rows: Record<string, number>[] }

/** Keras CSVLogger output: epoch, then one column per metric. Bad numbers become gaps. */
export function parseHistory(text: string): HistoryTable {
  let table: string[][];
  try { table = parseCsv(text, 'history.csv'); } catch { return { columns: [], rows: [] }; }
  const [head, ...body] = table;
  if (!head || !head.includes('epoch')) return { columns: [], rows: [] };
  const columns = head.filter((h) => h !== 'epoch');
  const rows = body.map((r) => Object.fromEntries(head.map((h, i) => [h, Number(r[i])])))
    .filter((r) => Number.isFinite(r.epoch));
  return { columns, rows };
}

export function trainingSpec(history: HistoryTable): Record<string, unknown> {
  const long = history.rows.flatMap((r) => history.columns
    .filter((c) => Number.isFinite(r[c]))
    .map((c) => ({ epoch: (r.epoch ?? 0) + 1, series: c, value: r[c], panel: /loss/i.test(c) ? 'loss' : 'metrics' })));
  const panel = (name: string) => ({
    width: 260, height: 180, title: name === 'loss' ? 'Loss per epoch' : 'Metrics per epoch',
    transform: [{ filter: { field: 'panel', equal: name } }],
    mark: { type: 'line', point: { filled: false, size: 40 }, strokeWidth: 1.6 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: name, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: 'series', legend: { orient: 'bottom', direction: 'vertical', symbolStrokeWidth: 2 } },
      strokeDash: { field: 'series', type: 'nominal', title: 'series', scale: { range: [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2]] } },
      shape: { field: 'series', type: 'nominal', title: 'series' },
    },
  });
  return { data: { values: long }, hconcat: [panel('metrics'), panel('loss')], resolve: { scale: { color: 'independent', strokeDash: 'independent', shape: 'independent' } } };
}

export interface Confusion { tp: number; fp: number; tn: number; fn: number }

export function confusionSpec(c: Confusion, classes: readonly [string, string] = ['Normal', 'COVID']): Record<string, unknown> {
  const [neg, pos] = classes;
  const max = Math.max(c.tp, c.fp, c.tn, c.fn, 1);
  const cells = [
    { actual: pos, predicted: pos, n: c.tp, label: 'TP' }, { actual: pos, predicted: neg, n: c.fn, label: 'FN' },
    { actual: neg, predicted: pos, n: c.fp, label: 'FP' }, { actual: neg, predicted: neg, n: c.tn, label: 'TN' },
  ].map((d) => ({ ...d, text: `${d.label} ${d.n}`, dark: d.n / max > 0.55 }));
  const axis = (field: string, title: string) => ({ field, type: 'nominal', title, sort: [pos, neg], axis: { labelAngle: 0 } });
  return {
    title: 'Confusion matrix on the hidden test set', width: 220, height: 220, data: { values: cells },
    encoding: { x: axis('predicted', 'predicted'), y: axis('actual', 'actual') },
    layer: [
      { mark: { type: 'rect', stroke: '#000000' },
        encoding: { fill: { field: 'n', type: 'quantitative', title: 'count', scale: { range: ['#ffffff', '#444444'], domain: [0, max] } } } },
      { mark: { type: 'text', fontSize: 15, fontWeight: 'bold' },
        encoding: { text: { field: 'text' }, color: { condition: { test: 'datum.dark', value: '#ffffff' }, value: '#000000' } } },
    ],
  };
}

export const rocSchema = z.object({ fpr: z.array(z.number()), tpr: z.array(z.number()) })
  .refine((r) => r.fpr.length === r.tpr.length && r.fpr.length >= 2, 'fpr and tpr need the same length, at least 2');
export type Roc = z.infer<typeof rocSchema>;

/** Area under a ROC curve (points ordered by fpr, as rocCurve returns them). */
export function rocAuc(roc: Roc): number {
  return trapezoid(roc.fpr, roc.tpr);
}

/** ROC points from scores and 0/1 labels, one per distinct threshold (the harness's metric code). Needs both classes. */
export function rocFromScores(scores: readonly number[], labels: readonly number[]): Roc | null {
  if (scores.length !== labels.length || !labels.includes(0) || !labels.includes(1)) return null;
  const curve = rocCurve(labels, scores, { dropIntermediate: false });
  return { fpr: [...curve.fpr], tpr: [...curve.tpr] };
}

export function rocSpec(roc: Roc): Record<string, unknown> {
  const pts = roc.fpr.map((x, i) => ({ fpr: x, tpr: roc.tpr[i] }));
  return {
    title: `ROC curve (AUC ${rocAuc(roc).toFixed(3)})`, width: 240, height: 240,
    layer: [
      { data: { values: [{ a: 0 }, { a: 1 }] }, mark: { type: 'line', strokeDash: [4, 4], color: '#888888' },
        encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'a', type: 'quantitative' } } },
      { data: { values: pts }, mark: { type: 'line', point: { filled: true, size: 24 }, strokeWidth: 2 },
        encoding: { x: { field: 'fpr', type: 'quantitative', title: 'false positive rate', scale: { domain: [0, 1] } },
          y: { field: 'tpr', type: 'quantitative', title: 'true positive rate', scale: { domain: [0, 1] } } } },
    ],
  };
}

export function histogramSpec(scores: readonly number[], maxScore: number): Record<string, unknown> {
  return {
    title: 'Score distribution', width: 420, height: 180, data: { values: scores.map((score) => ({ score })) },
    mark: { type: 'bar', fill: '#bbbbbb', stroke: '#000000' },
    encoding: {
      x: { field: 'score', type: 'quantitative', bin: { extent: [0, maxScore], step: Math.max(1, maxScore / 20) }, title: `score (of ${maxScore})` },
      y: { aggregate: 'count', type: 'quantitative', title: 'submissions', axis: { tickMinStep: 1 } },
    },
  };
}

export interface CriterionPoint { criterion: string; fraction: number }

/** One row per criterion: every submission's share of the points as a tick, the median as a diamond. */
export function criteriaSpec(points: readonly CriterionPoint[]): Record<string, unknown> {
  const y = { field: 'criterion', type: 'nominal', title: null, axis: { labelLimit: 320 } };
  return {
    title: 'Share of points per criterion', width: 380, height: { step: 30 }, data: { values: points },
    layer: [
      { mark: { type: 'tick', color: '#666666', thickness: 2 }, encoding: { y, x: { field: 'fraction', type: 'quantitative', title: 'share of the criterion\'s points', scale: { domain: [0, 1] }, axis: { format: '%' } } } },
      { mark: { type: 'point', shape: 'diamond', filled: true, size: 90, color: '#000000' }, encoding: { y, x: { aggregate: 'median', field: 'fraction', type: 'quantitative' } } },
    ],
  };
}

export interface ChartEntry { file: string; alt: string }
const manifestSchema = z.object({ key: z.string(), charts: z.record(z.string(), z.object({ file: z.string(), alt: z.string() })) });
export type ChartManifest = z.infer<typeof manifestSchema>;
export const CHART_DIR = 'charts';

export interface ChartOptions {
  /** ROC points given directly; else artifacts.roc ({fpr,tpr} JSON), else predictions + labels. */
  roc?: Roc;
  /** Hidden labels by file name (1 = positive), used with artifacts.predictions. */
  labels?: ReadonlyMap<string, number>;
  classes?: readonly [string, string];
  /** Re-render even when the manifest says the charts are current. */
  force?: boolean;
}

function readArtifact(dir: string, result: Result, name: string): string | null {
  const rel = result.artifacts[name];
  if (!rel) return null;
  const path = join(dir, rel);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

function rocFor(result: Result, dir: string, opts: ChartOptions): Roc | null {
  if (opts.roc) return rocSchema.parse(opts.roc);
  const stored = readArtifact(dir, result, 'roc');
  if (stored) {
    const parsed = rocSchema.safeParse(JSON.parse(stored));
    if (parsed.success) return parsed.data;
  }
  const preds = readArtifact(dir, result, 'predictions');
  if (preds && opts.labels) {
    let rows: string[][];
    try { rows = parseCsv(preds, 'predictions.csv').slice(1).filter((r) => opts.labels!.has(r[0] ?? '')); } catch { return null; }
    return rocFromScores(rows.map((r) => Number(r[1])), rows.map((r) => opts.labels!.get(r[0]!)!));
  }
  return null;
}

export function readChartManifest(dir: string): ChartManifest | null {
  const path = join(dir, CHART_DIR, 'manifest.json');
  if (!existsSync(path)) return null;
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  return parsed.success ? parsed.data : null;
}

/**
 * Writes the charts of one result into DIR/charts/*.svg once; later calls with
 * unchanged inputs return the cached files. Returns chart name → absolute path.
 */
export async function renderCharts(result: Result, dir: string, opts: ChartOptions = {}): Promise<Record<string, string>> {
  const history = readArtifact(dir, result, 'history');
  const roc = rocFor(result, dir, opts);
  const key = createHash('sha256').update(JSON.stringify([result, history, roc, opts.classes ?? null])).digest('hex');
  const old = readChartManifest(dir);
  const out = (m: ChartManifest) => Object.fromEntries(Object.entries(m.charts).map(([n, e]) => [n, join(dir, CHART_DIR, e.file)]));
  if (!opts.force && old?.key === key && Object.values(old.charts).every((e) => existsSync(join(dir, CHART_DIR, e.file)))) return out(old);

  const specs: Record<string, { spec: Record<string, unknown>; alt: string }> = {};
  const bands = result.reference.bands.filter((b) => b.low !== null || b.value !== null);
  // A band chart with no measured value says nothing about the submission.
  if (bands.some((b) => b.value !== null)) {
    const text = bands.map((b) => `${b.metric} ${fmt(b.value)} (band ${fmt(b.low)}–${fmt(b.high)}${b.within === false ? ', outside' : ''})`).join('; ');
    specs.bands = { spec: bandSpec(bands), alt: `Measured metrics against the reference band: ${text}.` };
  }
  const table = history ? parseHistory(history) : null;
  if (table && table.rows.length > 0) {
    const lastRow = table.rows[table.rows.length - 1]!;
    specs.training = { spec: trainingSpec(table), alt: `Training curves over ${table.rows.length} epochs; final ${table.columns.map((c) => `${c} ${fmt(lastRow[c] ?? null)}`).join(', ')}.` };
  }
  if (result.confusion) {
    const c = result.confusion;
    specs.confusion = { spec: confusionSpec(c, opts.classes ?? (result.classes?.length === 2 ? [result.classes[0]!, result.classes[1]!] : undefined)), alt: `Confusion matrix: ${c.tp} true positives, ${c.fn} false negatives, ${c.fp} false positives, ${c.tn} true negatives.` };
  }
  if (roc) specs.roc = { spec: rocSpec(roc), alt: `ROC curve with area under the curve ${rocAuc(roc).toFixed(3)}.` };

  mkdirSync(join(dir, CHART_DIR), { recursive: true });
  const manifest: ChartManifest = { key, charts: {} };
  for (const [name, { spec, alt }] of Object.entries(specs)) {
    const file = `${name}.svg`;
    writeFileSync(join(dir, CHART_DIR, file), await svgFromVegaLite(spec));
    manifest.charts[name] = { file, alt };
  }
  writeFileSync(join(dir, CHART_DIR, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return out(manifest);
}

export function fmt(n: number | null | undefined, digits = 3): string {
  return n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits);
}
