import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSubmissions } from '../../harness/intake/discover.js';
import { createContext } from '../../harness/context.js';
import { gradeBatch } from '../../harness/batch.js';
import { getRunner } from '../../harness/runners/registry.js';
import { CRANIUM_SOURCES } from '../../reference/data/adapters/inv3.js';
import type { Result } from '../../harness/schema/result.js';
import type { GradeContext } from '../../harness/pipeline/grade.js';

/**
 * The verdict table of submissions/lab5/README.md through the real sandbox and the rubric's
 * cached venv: the image-folder task with classes Normal/Lesion on ct-lesions (20% Lesion),
 * performance points on balanced accuracy against reference/results/lab5.json.
 */
const ROOT = join(import.meta.dirname, '../..');
const sandbox = await getRunner('sandbox').available();
const reasons = [
  ...(sandbox.ok ? [] : [`the sandbox cannot run here (${sandbox.reason})`]),
  ...(existsSync(CRANIUM_SOURCES[0]!.path) ? [] : [`missing ${CRANIUM_SOURCES[0]!.path} (invesalius-examples)`]),
  ...(existsSync(join(ROOT, 'reference/results/lab5.json')) ? [] : ['reference/results/lab5.json is missing (medgrade reference run lab5)']),
];
if (reasons.length) console.warn(`lab 5 samples skipped: ${reasons.join('; ')}`);

describe.skipIf(reasons.length > 0)('lab 5 sample submissions through the sandbox', () => {
  let ctx: GradeContext;
  const byGroup = new Map<number, Result>();
  beforeAll(async () => {
    ctx = await createContext({ rubric: join(ROOT, 'rubrics/lab5.yaml'), out: mkdtempSync(join(tmpdir(), 'lab5-')), runner: 'sandbox', log: () => {} });
    const { results } = await gradeBatch(discoverSubmissions([join(ROOT, 'submissions/lab5')]), ctx, { jobs: 1 });
    for (const r of results) byGroup.set(r.group!, r);
  }, 1_500_000);

  const points = (r: Result, id: string) => r.criteria.find((c) => c.id === id)!;

  it('grades the good sample (class weights + augmentation) with full code and methodology points and most performance points', () => {
    const r = byGroup.get(1)!;
    console.warn(`lab5 good sample: ${JSON.stringify(r.metrics)}; performance ${points(r, 'performance').points}/${points(r, 'performance').maxPoints}`);
    expect(r.status).toBe('graded');
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.runs.map((x) => [x.phase, x.exitCode])).toEqual([['train', 0], ['predict', 0]]);
    for (const id of ['code-runs', 'methodology']) expect(points(r, id).points, id).toBe(points(r, id).maxPoints);
    expect(r.metrics.sensitivity).toBeGreaterThanOrEqual(0.4);
    expect(r.metrics.balanced_accuracy).toBeGreaterThan(0.7);
    expect(points(r, 'performance').points).toBeGreaterThanOrEqual(0.7 * points(r, 'performance').maxPoints);
    expect(readdirSync(ctx.data.hiddenTest).some((n) => /^p\d{3}_s\d{2}/.test(n))).toBe(false);
  });

  it('catches no imbalance handling: high accuracy, low sensitivity, lost performance points, code still runs', () => {
    const good = byGroup.get(1)!, r = byGroup.get(2)!;
    console.warn(`lab5 no-imbalance sample: ${JSON.stringify(r.metrics)}; performance ${points(r, 'performance').points}`);
    expect(r.status).toBe('graded');
    expect(points(r, 'code-runs').points).toBe(points(r, 'code-runs').maxPoints);
    expect(r.metrics.accuracy).toBeGreaterThan(0.7);
    expect(r.metrics.sensitivity).toBeLessThan(good.metrics.sensitivity! - 0.2);
    expect(points(r, 'performance').points).toBeLessThan(points(good, 'performance').points);
  });

  it('catches a tiny training run: near-chance balanced accuracy, few performance points', () => {
    const good = byGroup.get(1)!, r = byGroup.get(3)!;
    console.warn(`lab5 tiny-training sample: ${JSON.stringify(r.metrics)}; performance ${points(r, 'performance').points}`);
    expect(r.status).toBe('graded');
    expect(r.metrics.balanced_accuracy).toBeLessThan(0.65);
    expect(points(r, 'performance').points).toBeLessThan(0.5 * points(good, 'performance').points);
  });
});
