import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { taskKind } from '../../harness/tasks/index.js';
import { parseCsv } from '../../harness/intake/csv.js';
import { rubricSchema, type Rubric } from '../../harness/rubric/schema.js';
import type { Finding } from '../../harness/schema/finding.js';
import type { HiddenSet } from '../../harness/tasks/types.js';

export function tableRubric(kind: 'binary-classification' | 'multiclass-classification', classes: string[], metrics: string[]): Rubric {
  return rubricSchema.parse({
    id: 't', title: 't', source: 's', addendum: 'a',
    environment: { python: '3.11', kind: 'system', allowed: {} },
    files: { forbidden: { weightExtensions: [], dataExtensions: [] } },
    task: { kind, layout: 'table', dataset: 'x', classes, ...(kind === 'binary-classification' ? { positiveClass: classes[1] } : {}) },
    phases: { predict: { command: ['python', 'predict.py'], outputs: { predictions: '/out/predictions.csv' } } },
    metrics, reference: { id: 'x' }, criteria: [{ id: 'c', title: 'c', points: 1 }],
  });
}

/** Six labelled rows: feature f equals the row number, so each hidden row can be traced back by hand. */
function hidden(labels: string[]): { set: HiddenSet; byFeature: Map<string, string>; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'task-table-'));
  mkdirSync(join(root, 'test'));
  writeFileSync(join(root, 'test', 'data.csv'), `id,f,label,g\n${labels.map((l, i) => `row${i},${i},${l},"x,${i}"`).join('\n')}\n`);
  const set = taskKind('table').hideTest(join(root, 'test'), join(root, 'hidden'), { seed: 3 });
  const table = parseCsv(readFileSync(join(set.dir, 'test.csv'), 'utf8'), 'test.csv');
  const byFeature = new Map(table.rows.map((r) => [r[1]!, r[0]!]));
  const out = join(root, 'out');
  mkdirSync(out);
  return { set, byFeature, out };
}

function collectAndMeasure(rubric: Rubric, h: ReturnType<typeof hidden>, csv: string) {
  writeFileSync(join(h.out, 'predictions.csv'), csv);
  const findings: Finding[] = [];
  const kind = taskKind('table');
  const p = kind.collect(h.out, rubric, h.set, findings);
  return { findings, measured: kind.measure(rubric, h.set, p) };
}

describe('table task: hiding the test split', () => {
  it('drops the label, renames every id, keeps features and quoting', () => {
    const h = hidden(['a', 'b', 'a', 'b', 'a', 'b']);
    const table = parseCsv(readFileSync(join(h.set.dir, 'test.csv'), 'utf8'), 'test.csv');
    expect(table.header).toEqual(['id', 'f', 'g']);
    expect(table.rows).toHaveLength(6);
    expect(table.rows.some((r) => r[0]!.startsWith('row'))).toBe(false);
    expect(table.rows.find((r) => r[1] === '2')![2]).toBe('x,2');
    // truth follows the renamed id back to its row: even rows are "a".
    for (const [f, id] of h.byFeature) expect(h.set.truth.get(id)).toBe(Number(f) % 2 === 0 ? 'a' : 'b');
  });

  it('shuffles rows: the hidden order is not the labelled order', () => {
    const h = hidden(['a', 'a', 'a', 'b', 'b', 'b']);
    expect([...h.byFeature.keys()]).not.toEqual(['0', '1', '2', '3', '4', '5']);
  });
});

describe('table task: binary predictions', () => {
  const rubric = tableRubric('binary-classification', ['benign', 'malignant'], ['accuracy', 'sensitivity', 'roc_auc']);
  const labels = ['benign', 'malignant', 'benign', 'malignant', 'benign', 'malignant'];

  it('scores id,probability exactly (one error in six)', () => {
    const h = hidden(labels);
    // Row 5 (malignant) gets 0.2: one false negative.
    const rows = [...h.byFeature].map(([f, id]) => `${id},${Number(f) === 5 ? 0.2 : Number(f) % 2 ? 0.9 : 0.1}`);
    const { findings, measured } = collectAndMeasure(rubric, h, `id,probability\n${rows.join('\n')}\n`);
    expect(findings).toEqual([]);
    expect(measured.metrics.accuracy).toBeCloseTo(5 / 6, 12);
    expect(measured.metrics.sensitivity).toBeCloseTo(2 / 3, 12);
    expect(measured.confusion).toEqual({ tp: 2, fp: 0, tn: 3, fn: 1 });
    expect(measured.n).toBe(6);
  });

  it('accepts filename as the id column', () => {
    const h = hidden(labels);
    const rows = [...h.byFeature].map(([f, id]) => `${id},${Number(f) % 2 ? 1 : 0}`);
    const { findings, measured } = collectAndMeasure(rubric, h, `filename,probability\n${rows.join('\n')}\n`);
    expect(findings).toEqual([]);
    expect(measured.metrics.accuracy).toBe(1);
  });

  it('counts missing rows as wrong and says how many', () => {
    const h = hidden(labels);
    const rows = [...h.byFeature].filter(([f]) => Number(f) < 4).map(([f, id]) => `${id},${Number(f) % 2 ? 1 : 0}`);
    const { findings, measured } = collectAndMeasure(rubric, h, `id,probability\n${rows.join('\n')}\n`);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.kind).toBe('predictions-malformed');
    expect(findings[0]!.message).toMatch(/2 missing.*4 of 6 rows/);
    expect(measured.metrics.accuracy).toBeCloseTo(4 / 6, 12);
  });

  it('original ids are unknown ids, and a wrong header is malformed with null metrics', () => {
    const h = hidden(labels);
    const a = collectAndMeasure(rubric, h, `id,probability\nrow0,0.1\n`);
    expect(a.findings[0]!.message).toMatch(/1 unknown id/);
    expect(a.measured.metrics.accuracy).toBe(0);
    const b = collectAndMeasure(rubric, h, `id,label\nx,benign\n`);
    expect(b.findings[0]!.kind).toBe('predictions-malformed');
    expect(b.findings[0]!.message).toMatch(/needs the columns id,probability/);
    expect(b.measured.metrics.accuracy).toBeNull();
  });
});

describe('table task: multiclass predictions', () => {
  const rubric = tableRubric('multiclass-classification', ['0', '1', '2'], ['accuracy', 'balanced_accuracy', 'macro_f1', 'roc_auc']);
  const labels = ['0', '0', '1', '1', '2', '2'];
  // The hand-checked case of multiclass-metrics.test.ts: predicted 0 1 1 1 2 0.
  const predicted = ['0', '1', '1', '1', '2', '0'];

  it('id,label: accuracy, balanced accuracy, macro F1 and per-class scores; no roc_auc without probabilities', () => {
    const h = hidden(labels);
    const rows = [...h.byFeature].map(([f, id]) => `${id},${predicted[Number(f)]}`);
    const { findings, measured } = collectAndMeasure(rubric, h, `id,label\n${rows.join('\n')}\n`);
    expect(findings).toEqual([]);
    expect(measured.metrics.accuracy).toBeCloseTo(4 / 6, 12);
    expect(measured.metrics.balanced_accuracy).toBeCloseTo(2 / 3, 12);
    expect(measured.metrics.macro_f1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 12);
    expect(measured.metrics.roc_auc).toBeNull();
    expect(measured.perClass!['2']).toEqual({ precision: 1, recall: 0.5, f1: expect.closeTo(2 / 3, 12), support: 2 });
    expect(measured.confusion).toBeNull();
  });

  it('one probability column per class: label is the arg-max and roc_auc is measured', () => {
    const h = hidden(labels);
    const rows = [...h.byFeature].map(([f, id]) => {
      const p = [0.1, 0.1, 0.1];
      p[Number(labels[Number(f)])] = 0.8;
      return `${id},${p.join(',')}`;
    });
    const { findings, measured } = collectAndMeasure(rubric, h, `id,p_0,p_1,p_2\n${rows.join('\n')}\n`);
    expect(findings).toEqual([]);
    expect(measured.metrics.accuracy).toBe(1);
    expect(measured.metrics.roc_auc).toBe(1);
  });

  it('an unknown class and a missing row each count as wrong, in one finding', () => {
    const h = hidden(labels);
    const rows = [...h.byFeature].filter(([f]) => f !== '5').map(([f, id]) => `${id},${f === '0' ? 'seven' : labels[Number(f)]}`);
    const { findings, measured } = collectAndMeasure(rubric, h, `id,label\n${rows.join('\n')}\n`);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/1 unknown class.*1 missing.*4 of 6 rows/);
    expect(measured.metrics.accuracy).toBeCloseTo(4 / 6, 12);
  });
});
