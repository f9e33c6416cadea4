import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSubmissions } from '../../harness/intake/discover.js';
import { createContext } from '../../harness/context.js';
import { gradeBatch } from '../../harness/batch.js';
import { getRunner } from '../../harness/runners/registry.js';
import { CRANIUM_SOURCES } from '../../reference/data/adapters/inv3.js';
import type { Result } from '../../harness/schema/result.js';

/**
 * submissions/lab7/README.md through the real sandbox: the sample's train.py loads the backbone the
 * rubric ships under /data/pretrained/, so it only runs (and earns code points) if the harness
 * converted and mounted it.
 */
const ROOT = join(import.meta.dirname, '../..');
const sandbox = await getRunner('sandbox').available();
const reasons = [
  ...(sandbox.ok ? [] : [`the sandbox cannot run here (${sandbox.reason})`]),
  ...(existsSync(CRANIUM_SOURCES[0]!.path) ? [] : [`missing ${CRANIUM_SOURCES[0]!.path} (invesalius-examples)`]),
];
if (reasons.length) console.warn(`lab 7 samples skipped: ${reasons.join('; ')}`);

describe.skipIf(reasons.length > 0)('lab 7 sample submissions through the sandbox', () => {
  let result: Result;
  beforeAll(async () => {
    const ctx = await createContext({ rubric: join(ROOT, 'rubrics/lab7.yaml'), out: mkdtempSync(join(tmpdir(), 'lab7-')), runner: 'sandbox', log: () => {} });
    const { results } = await gradeBatch(discoverSubmissions([join(ROOT, 'submissions/lab7')]), ctx, { jobs: 1 });
    result = results.find((r) => r.group === 1)!;
  }, 1_500_000);

  it('grades the pretrained-features sample: it ran on the shipped backbone, with no error finding', () => {
    const points = (id: string) => result.criteria.find((c) => c.id === id)!;
    console.warn(`lab7 pretrained-features sample: ${JSON.stringify(result.metrics)}; performance ${points('performance').points}/${points('performance').maxPoints}`);
    expect(result.status).toBe('graded');
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(points('code-runs').points).toBe(points('code-runs').maxPoints);
    // Chance is 0.5 for both; the frozen features separate the classes far better.
    expect(result.metrics.roc_auc!).toBeGreaterThan(0.7);
    expect(result.metrics.balanced_accuracy!).toBeGreaterThan(0.65);
  });
});
