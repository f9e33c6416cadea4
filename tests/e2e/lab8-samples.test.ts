import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSubmissions } from '../../harness/intake/discover.js';
import { createContext } from '../../harness/context.js';
import { gradeBatch } from '../../harness/batch.js';
import { missingSections } from '../../harness/checks/validation/text-sections.js';
import type { Result } from '../../harness/schema/result.js';

/**
 * Lab 8 is an artifacts rubric: nothing runs, the required figures, tables and the written
 * findings are checked. The good sample loses no automatic point; the incomplete one loses
 * exactly the points its missing figures, short table and missing sections cost.
 */
const ROOT = join(import.meta.dirname, '../..');
const PYTHON = '/usr/bin/python3';
const skip = !existsSync(PYTHON);
if (skip) console.warn(`lab 8 samples skipped: ${PYTHON} is missing (the environment probe needs a Python)`);

describe.skipIf(skip)('lab 8 sample submissions (artifacts rubric)', () => {
  const byGroup = new Map<number, Result>();
  beforeAll(async () => {
    const ctx = await createContext({ rubric: join(ROOT, 'rubrics/lab8.yaml'), out: mkdtempSync(join(tmpdir(), 'lab8-')), runner: 'local', python: PYTHON, log: () => {} });
    const { results } = await gradeBatch(discoverSubmissions([join(ROOT, 'submissions/lab8')]), ctx, { jobs: 1 });
    for (const r of results) byGroup.set(r.group!, r);
  }, 300_000);

  const points = (r: Result, id: string): number => r.criteria.find((c) => c.id === id)!.points;
  const kinds = (r: Result, kind: string): string[] => r.findings.filter((f) => f.kind === kind).map((f) => f.file ?? '');

  it('gives the good sample every automatic point, runs nothing and leaves the discussion to a TA', () => {
    const r = byGroup.get(1)!;
    expect(r.status).toBe('graded');
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    for (const id of ['artifacts', 'findings', 'code']) expect(points(r, id), id).toBe(r.criteria.find((c) => c.id === id)!.maxPoints);
    expect(r.criteria.find((c) => c.id === 'discussion')!.status).toBe('pending');
    expect(r.runs).toEqual([]);
  });

  it('takes the incomplete sample\'s missing figures, short table and missing sections off, naming each', () => {
    const r = byGroup.get(2)!;
    expect(r.status).toBe('graded');
    expect(kinds(r, 'missing-file').sort()).toEqual(['figures/*robustness*.png', 'figures/saliency_FN.png', 'figures/saliency_FP.png', 'figures/saliency_TN.png']);
    expect(kinds(r, 'bad-csv')).toEqual(['results/robustness.csv']);
    const sections = r.findings.filter((f) => f.kind === 'report-section').map((f) => f.message);
    expect(sections).toHaveLength(2);
    expect(sections.join(' ')).toMatch(/"Robustness".*"Limitations and clinical relevance"/);
    expect(points(r, 'artifacts')).toBe(40 - 4 * 4 - 4);
    expect(points(r, 'findings')).toBe(20 - 2 * 5);
  });
});

describe('text sections rule', () => {
  const rule = { sections: [{ name: 'Robustness', match: '^#+.*robust' }, { name: 'Limitations', match: '^#+.*limitation' }] };
  it('finds headed sections on any line, case-insensitively, and names the missing ones', () => {
    expect(missingSections('# Title\n\n## ROBUSTNESS to noise\ntext\n## Limitations\n', rule)).toEqual([]);
    expect(missingSections('# Title\nrobustness is mentioned but not as a heading\n', rule).map((s) => s.name)).toEqual(['Robustness', 'Limitations']);
  });
});
