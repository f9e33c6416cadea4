import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSubmissions } from '../../harness/intake/discover.js';
import { createContext } from '../../harness/context.js';
import { gradeBatch } from '../../harness/batch.js';
import { getRunner } from '../../harness/runners/registry.js';
import { parseCsv } from '../../harness/intake/csv.js';
import { taskKind } from '../../harness/tasks/index.js';
import type { Finding } from '../../harness/schema/finding.js';
import type { Result } from '../../harness/schema/result.js';
import type { GradeContext } from '../../harness/pipeline/grade.js';

/**
 * Lab 1 through the real sandbox and the rubric's cached venv: the table task kind end to
 * end (hidden test.csv without labels, id,probability back, metrics against the truth).
 */
const ROOT = join(import.meta.dirname, '../..');
const sandbox = await getRunner('sandbox').available();
if (!sandbox.ok) console.warn(`lab 1 samples skipped: the sandbox cannot run here (${sandbox.reason})`);

describe.skipIf(!sandbox.ok)('lab 1 sample submissions through the sandbox', () => {
  let ctx: GradeContext;
  let good: Result;
  beforeAll(async () => {
    ctx = await createContext({ rubric: join(ROOT, 'rubrics/lab1.yaml'), out: mkdtempSync(join(tmpdir(), 'lab1-')), runner: 'sandbox', log: () => {} });
    const { results } = await gradeBatch(discoverSubmissions([join(ROOT, 'submissions/lab1')]), ctx, { jobs: 1 });
    good = results.find((r) => r.group === 1)!;
  }, 900_000);

  it('grades the good sample with full automatic points and sane metrics', () => {
    expect(good.status).toBe('graded');
    expect(good.findings.filter((f) => f.severity === 'error')).toEqual([]);
    for (const id of ['code-runs', 'methodology']) {
      const c = good.criteria.find((x) => x.id === id)!;
      expect(c.points, id).toBe(c.maxPoints);
    }
    expect(good.runs.map((x) => [x.phase, x.exitCode])).toEqual([['train', 0], ['predict', 0]]);
    // With reference/results/lab1.json the band applies and the sample is inside it; without, the points wait.
    const performance = good.criteria.find((x) => x.id === 'performance')!;
    expect(performance.status).toBe(ctx.reference ? 'scored' : 'pending');
    if (ctx.reference) expect(performance.points).toBe(performance.maxPoints);
    expect(good.metrics.accuracy).toBeGreaterThan(0.85);
    expect(good.metrics.accuracy).toBeLessThanOrEqual(1);
    expect(good.metrics.roc_auc).toBeGreaterThan(0.9);
    expect(good.confusion!.tp + good.confusion!.fp + good.confusion!.tn + good.confusion!.fn).toBe(ctx.data.labels.size);
    expect(ctx.data.labels.size).toBe(113);
  });

  it('showed predict a test table without labels or original ids', () => {
    const hidden = parseCsv(readFileSync(join(ctx.data.hiddenTest, 'test.csv'), 'utf8'), 'test.csv');
    expect(hidden.header).not.toContain('label');
    // Original ids are bc000..bc568; hidden ids are 12 hex digits, which may start with "bc" by chance.
    expect(hidden.rows.some((r) => /^bc\d{3}$/.test(r[0]!))).toBe(false);
    const predictions = readFileSync(join(ctx.outRoot, 'group-1', 'predictions.csv'), 'utf8');
    expect(predictions).not.toMatch(/benign|malignant|\bbc\d{3}\b/);
  });

  it('scores a deliberately wrong predictions file lower, and a partial one lower still with a finding', () => {
    const table = parseCsv(readFileSync(join(ctx.outRoot, 'group-1', 'predictions.csv'), 'utf8'), 'predictions.csv');
    const kind = taskKind('table');
    const rubric = ctx.rubric.rubric;
    const measure = (rows: string[][]) => {
      const dir = mkdtempSync(join(tmpdir(), 'lab1-wrong-'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'predictions.csv'), `id,probability\n${rows.map((r) => r.join(',')).join('\n')}\n`);
      const findings: Finding[] = [];
      return { findings, measured: kind.measure(rubric, ctx.data.hidden, kind.collect(dir, rubric, ctx.data.hidden, findings)) };
    };
    const inverted = measure(table.rows.map(([id, p]) => [id!, String(1 - Number(p))]));
    expect(inverted.findings).toEqual([]);
    expect(inverted.measured.metrics.accuracy!).toBeLessThan(good.metrics.accuracy! - 0.5);
    expect(inverted.measured.metrics.roc_auc!).toBeLessThan(0.1);
    const partial = measure(table.rows.slice(0, 50));
    expect(partial.findings.map((f) => f.kind)).toEqual(['predictions-malformed']);
    expect(partial.findings[0]!.message).toMatch(/63 missing/);
    expect(partial.measured.metrics.accuracy!).toBeLessThan(good.metrics.accuracy!);
  });
});
