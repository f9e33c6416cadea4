import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { taskKind, taskLayouts } from '../../harness/tasks/index.js';
import { rubricSchema } from '../../harness/rubric/schema.js';
import type { Finding } from '../../harness/schema/finding.js';

function png(value: number): Buffer {
  const img = new PNG({ width: 2, height: 2 });
  img.data.fill(255);
  for (let i = 0; i < 16; i += 4) img.data[i] = img.data[i + 1] = img.data[i + 2] = value;
  return PNG.sync.write(img);
}

const base = {
  id: 't', title: 't', source: 's', addendum: 'a',
  environment: { python: '3.11', kind: 'system', allowed: {} },
  files: { forbidden: { weightExtensions: [], dataExtensions: [] } },
  phases: { predict: { command: ['python', 'predict.py'], outputs: { predictions: '/out/predictions.csv' } } },
  reference: { id: 'x' }, criteria: [{ id: 'c', title: 'c', points: 1 }],
};

describe('taskKind', () => {
  it('knows image-folder, table and artifacts, and names them for an unknown layout', () => {
    expect(taskLayouts()).toEqual(expect.arrayContaining(['image-folder', 'table', 'artifacts']));
    expect(() => taskKind('voxels')).toThrow(/known: .*table/);
  });

  it('a rubric defaults to image-folder; only artifacts may have no metrics', () => {
    const r = rubricSchema.parse({ ...base, task: { kind: 'binary-classification', dataset: 'x', classes: ['a', 'b'] }, metrics: ['accuracy'] });
    expect(r.task.layout).toBe('image-folder');
    expect(rubricSchema.safeParse({ ...base, task: { kind: 'binary-classification', dataset: 'x', classes: ['a', 'b'] } }).success).toBe(false);
    expect(rubricSchema.safeParse({ ...base, phases: {}, task: { kind: 'artifacts', layout: 'artifacts', dataset: 'x', classes: ['-'] } }).success).toBe(true);
  });
});

describe('image-folder task with three named classes', () => {
  const rubric = rubricSchema.parse({ ...base, task: { kind: 'multiclass-classification', dataset: 'x', classes: ['Dark', 'Mid', 'Bright'] }, metrics: ['accuracy', 'macro_f1'] });

  it('hides any class folders, and scores filename,label', () => {
    const root = mkdtempSync(join(tmpdir(), 'task-images-'));
    const values: Record<string, number> = { Dark: 10, Mid: 120, Bright: 250 };
    for (const [cls, v] of Object.entries(values)) {
      mkdirSync(join(root, 'test', cls), { recursive: true });
      for (let i = 0; i < 2; i++) writeFileSync(join(root, 'test', cls, `${cls}-${i}.png`), png(v + i));
    }
    const kind = taskKind('image-folder');
    const set = kind.hideTest(join(root, 'test'), join(root, 'hidden'), { seed: 1 });
    const files = readdirSync(set.dir).sort();
    expect(files).toHaveLength(6);
    expect(files.some((f) => /dark|mid|bright/i.test(f))).toBe(false);
    expect([...set.truth.values()].sort()).toEqual(['Bright', 'Bright', 'Dark', 'Dark', 'Mid', 'Mid']);
    // Every image right except one Mid called Bright: accuracy 5/6.
    const firstMid = [...set.truth].find(([, c]) => c === 'Mid')![0];
    const rows = [...set.truth].map(([f, c]) => `${f},${f === firstMid ? 'bright' : c}`);
    mkdirSync(join(root, 'out'));
    writeFileSync(join(root, 'out', 'predictions.csv'), `filename,label\n${rows.join('\n')}\n`);
    const findings: Finding[] = [];
    const measured = kind.measure(rubric, set, kind.collect(join(root, 'out'), rubric, set, findings));
    expect(findings).toEqual([]);
    expect(measured.metrics.accuracy).toBeCloseTo(5 / 6, 12);
    // F1: Dark 1, Mid 2/3 (recall 1/2, precision 1), Bright 0.8 (recall 1, precision 2/3).
    expect(measured.metrics.macro_f1).toBeCloseTo((1 + 2 / 3 + 0.8) / 3, 12);
  });

  it('refuses a dataset root given as the test split', () => {
    const root = mkdtempSync(join(tmpdir(), 'task-images-'));
    for (const s of ['train', 'test']) mkdirSync(join(root, s, 'Dark'), { recursive: true });
    expect(() => taskKind('image-folder').hideTest(root, join(root, 'hidden'))).toThrow(expect.objectContaining({ code: 'E_INPUT_FORMAT' }));
  });
});

describe('artifacts task', () => {
  it('hides nothing, collects nothing and measures no metric', () => {
    const rubric = rubricSchema.parse({ ...base, phases: {}, task: { kind: 'artifacts', layout: 'artifacts', dataset: 'x', classes: ['-'] } });
    const root = mkdtempSync(join(tmpdir(), 'task-artifacts-'));
    const kind = taskKind('artifacts');
    const set = kind.hideTest(join(root, 'missing'), join(root, 'hidden'));
    expect(readdirSync(set.dir)).toEqual([]);
    const findings: Finding[] = [];
    expect(kind.collect(root, rubric, set, findings)).toBeNull();
    expect(findings).toEqual([]);
    expect(kind.measure(rubric, set, null)).toEqual({ metrics: {}, confusion: null, roc: null, n: 0 });
  });
});
