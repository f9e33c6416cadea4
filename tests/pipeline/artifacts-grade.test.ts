import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext } from '../../harness/context.js';
import { gradeBatch } from '../../harness/batch.js';
import { discoverSubmissions } from '../../harness/intake/discover.js';
import { sourcesPresent } from '../../reference/data/adapters/source.js';
import { NITIME_SOURCES } from '../../reference/data/adapters/tables.js';

/** An artifacts rubric: no phases, no metrics; the grade rests on the required files alone. */
const RUBRIC = `
id: artifacts-demo
title: artifacts demo
source: test
environment: { python: "3.11", kind: system, allowed: {} }
files:
  required:
    - { path: report.md, purpose: "the written summary" }
    - path: "results/*.csv"
      purpose: "a results table"
      csv: { columns: [model], minRows: 2 }
  forbidden: { weightExtensions: [".h5"], dataExtensions: [".npy"] }
task: { kind: artifacts, layout: artifacts, dataset: lab6-bold-windows, datasetOptions: { count: 30 }, classes: ["-"] }
reference: { id: none }
criteria:
  - id: deliverables
    title: Deliverables
    points: 10
    deductions:
      - { kind: missing-file, points: 5, perFinding: true }
      - { kind: bad-csv, points: 5, perFinding: true }
addendum: "Hand in report.md and results/*.csv."
`;

const present = sourcesPresent(NITIME_SOURCES.slice(0, 1));
if (!present) console.warn('artifacts grading test skipped: python3-nitime data is missing (the demo rubric builds a tiny dataset)');

describe.skipIf(!present)('grading an artifacts rubric', () => {
  it('runs nothing, measures nothing, and scores the required files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'artifacts-'));
    writeFileSync(join(root, 'rubric.yaml'), RUBRIC);
    const subs = join(root, 'subs');
    mkdirSync(join(subs, 'Group 1 - complete', 'results'), { recursive: true });
    writeFileSync(join(subs, 'Group 1 - complete', 'report.md'), '# Findings\n');
    writeFileSync(join(subs, 'Group 1 - complete', 'results', 'models.csv'), 'model,val_auc\nlstm,0.8\ndense,0.7\n');
    mkdirSync(join(subs, 'Group 2 - no-report', 'results'), { recursive: true });
    writeFileSync(join(subs, 'Group 2 - no-report', 'results', 'models.csv'), 'model,val_auc\nlstm,0.8\n');
    const ctx = await createContext({ rubric: join(root, 'rubric.yaml'), out: join(root, 'out'), runner: 'local', python: '/usr/bin/python3', cacheDir: join(root, 'cache'), log: () => {} });
    const { results } = await gradeBatch(discoverSubmissions([subs]), ctx, { jobs: 1 });
    const byGroup = new Map(results.map((r) => [r.group, r]));
    const complete = byGroup.get(1)!, missing = byGroup.get(2)!;
    for (const r of [complete, missing]) {
      expect(r.status).toBe('graded');
      expect(r.runs).toEqual([]);
      expect(r.metrics).toEqual({});
      expect(r.confusion).toBeNull();
    }
    expect(complete.score).toBe(10);
    // No report.md (-5); a results table below minRows counts as no match either (-5).
    expect(missing.score).toBe(0);
    expect(missing.findings.filter((f) => f.kind === 'missing-file').map((f) => f.message)).toEqual([
      expect.stringContaining('report.md'), expect.stringContaining('results/*.csv')]);
    // Nothing is measured, so no reference is looked for.
    expect(missing.findings.some((f) => f.kind === 'reference-missing')).toBe(false);
    expect(missing.findings.some((f) => f.kind === 'predictions-missing')).toBe(false);
  }, 120_000);
});
