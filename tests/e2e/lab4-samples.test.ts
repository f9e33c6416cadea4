import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSubmissions } from '../../harness/intake/discover.js';
import { createContext } from '../../harness/context.js';
import { gradeBatch } from '../../harness/batch.js';
import { getRunner } from '../../harness/runners/registry.js';
import { taskLayouts } from '../../harness/tasks/index.js';
import { ITK_SOURCES } from '../../reference/data/adapters/volumes.js';
import type { Result } from '../../harness/schema/result.js';
import type { GradeContext } from '../../harness/pipeline/grade.js';

/**
 * The verdict table of submissions/lab4/README.md through the real sandbox and the rubric's
 * cached venv: the segmentation task kind end to end (hidden PNG slices with random names,
 * masks back under the same names, Dice per class against the hidden masks).
 */
const ROOT = join(import.meta.dirname, '../..');
const sandbox = await getRunner('sandbox').available();
const reasons = [
  ...(sandbox.ok ? [] : [`the sandbox cannot run here (${sandbox.reason})`]),
  ...(taskLayouts().includes('segmentation') ? [] : ['the segmentation task kind is missing']),
  ...ITK_SOURCES.slice(0, 2).filter((s) => !existsSync(s.path)).map((s) => `missing ${s.path} (insighttoolkit5-examples)`),
];
if (reasons.length) console.warn(`lab 4 samples skipped: ${reasons.join('; ')}`);

describe.skipIf(reasons.length > 0)('lab 4 sample submissions through the sandbox', () => {
  let ctx: GradeContext;
  const byGroup = new Map<number, Result>();
  beforeAll(async () => {
    ctx = await createContext({ rubric: join(ROOT, 'rubrics/lab4.yaml'), out: mkdtempSync(join(tmpdir(), 'lab4-')), runner: 'sandbox', log: () => {} });
    const { results } = await gradeBatch(discoverSubmissions([join(ROOT, 'submissions/lab4')]), ctx, { jobs: 1 });
    for (const r of results) byGroup.set(r.group!, r);
  }, 1_500_000);

  const points = (r: Result, id: string) => r.criteria.find((c) => c.id === id)!;

  it('grades the good sample with full code and methodology points, per-class Dice and most performance points', () => {
    const r = byGroup.get(1)!;
    expect(r.status).toBe('graded');
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.runs.map((x) => [x.phase, x.exitCode])).toEqual([['train', 0], ['predict', 0]]);
    for (const id of ['code-runs', 'methodology']) expect(points(r, id).points, id).toBe(points(r, id).maxPoints);
    console.warn(`lab4 good sample: ${JSON.stringify(r.metrics)}; performance ${points(r, 'performance').points}/${points(r, 'performance').maxPoints}`);
    expect(r.metrics.mean_dice).toBeGreaterThan(0.6);
    for (const c of ['extracerebral', 'csf', 'grey_matter', 'white_matter']) expect(r.metrics[`dice_${c}`], c).toBeGreaterThan(0.4);
    expect(points(r, 'performance').points).toBeGreaterThanOrEqual(0.8 * points(r, 'performance').maxPoints);
    expect(ctx.data.labels.size).toBe(8);
    // predict saw renamed slices only: no slice-<z> name reaches the sandbox.
    expect(readdirSync(ctx.data.hiddenTest).some((n) => n.startsWith('slice-'))).toBe(false);
  });

  it('catches masks left at the network size: mask-geometry, no performance points, code still runs', () => {
    const r = byGroup.get(2)!;
    expect(r.status).toBe('graded');
    const f = r.findings.find((x) => x.kind === 'mask-geometry');
    expect(f?.message).toMatch(/64×64, the input is 128×128/);
    expect(r.metrics.mean_dice).toBe(0);
    expect(points(r, 'performance').points).toBe(0);
    expect(points(r, 'code-runs').points).toBe(points(r, 'code-runs').maxPoints);
  });

  it('catches class indices scaled for display: predictions-malformed, no performance points', () => {
    const r = byGroup.get(3)!;
    expect(r.status).toBe('graded');
    expect(r.findings.map((x) => x.kind)).toContain('predictions-malformed');
    expect(r.metrics.mean_dice).toBe(0);
    expect(points(r, 'performance').points).toBe(0);
    expect(byGroup.get(1)!.score).toBeGreaterThan(r.score);
  });
});
