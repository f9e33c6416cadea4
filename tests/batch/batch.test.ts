import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSubmissions } from '../../harness/intake/discover.js';
import { createContext } from '../../harness/context.js';
import { gradeBatch } from '../../harness/batch.js';
import type { GradeContext } from '../../harness/pipeline/grade.js';
import type { Runner } from '../../harness/runners/types.js';
import type { Result } from '../../harness/schema/result.js';

const ROOT = join(import.meta.dirname, '../..');
const RUBRIC = join(ROOT, 'tests/fixtures/rubrics/trivial.yaml');
const PASSES = join(ROOT, 'tests/fixtures/trivial/passes');

function cohort(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cohort-'));
  cpSync(PASSES, join(dir, 'Group 1 - passes'), { recursive: true });
  cpSync(PASSES, join(dir, 'Group 2 - passes'), { recursive: true });
  cpSync(PASSES, join(dir, 'Group 3 - no predict'), { recursive: true });
  rmSync(join(dir, 'Group 3 - no predict', 'predict.py'));
  return dir;
}

// The local runner keeps this file fast and independent of bubblewrap; the sandbox
// path is covered by the COVID sample tests and tests/runners.
describe('gradeBatch', () => {
  let ctx: GradeContext;
  let input: string;
  beforeAll(async () => {
    input = cohort();
    ctx = await createContext({ rubric: RUBRIC, out: mkdtempSync(join(tmpdir(), 'out-')), runner: 'local', python: '/usr/bin/python3', trace: false, log: () => {} });
  });

  it('grades valid submissions and marks a submission without predict.py invalid, with nothing run', async () => {
    const { results } = await gradeBatch(discoverSubmissions([input]), ctx, { jobs: 2 });
    const byGroup: Record<number, Result> = Object.fromEntries(results.map((r) => [r.group, r]));
    expect(byGroup[1]!.status).toBe('graded');
    expect(byGroup[1]!.criteria.find((c) => c.id === 'code')!.points).toBe(10);
    expect(byGroup[1]!.runs.map((r) => [r.phase, r.exitCode])).toEqual([['train', 0], ['predict', 0]]);
    expect(byGroup[3]!.status).toBe('invalid');
    expect(byGroup[3]!.runs).toEqual([]);
    expect(byGroup[3]!.findings.some((f) => f.kind === 'missing-file' && f.file.includes('predict.py'))).toBe(true);
  });

  it('resumes: unchanged submissions are kept, a changed one is regraded', async () => {
    writeFileSync(join(input, 'Group 2 - passes', 'notes.txt'), 'changed after the first run');
    const { results, skipped } = await gradeBatch(discoverSubmissions([input]), ctx, { jobs: 2 });
    expect(skipped.sort()).toEqual(['group-1', 'group-3']);
    expect(results).toHaveLength(3);
  });

  it('regrades a result that was tampered with or half written', async () => {
    const path = join(ctx.outRoot, 'group-1', 'result.json');
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, 100));
    const { skipped } = await gradeBatch(discoverSubmissions([input]), ctx, { jobs: 1 });
    expect(skipped).not.toContain('group-1');
    expect(JSON.parse(readFileSync(path, 'utf8')).status).toBe('graded');
  });

  it('turns a harness failure into a failed result and grades the rest of the batch', async () => {
    const broken: Runner = {
      ...ctx.runner, name: ctx.runner.name, isolated: ctx.runner.isolated, available: ctx.runner.available,
      run: async (spec) => {
        if (spec.mounts.some((m) => m.host.includes('group-2'))) throw new Error('engine went away');
        return ctx.runner.run(spec);
      },
    };
    const { results } = await gradeBatch(discoverSubmissions([input]), { ...ctx, runner: broken }, { jobs: 2, force: true });
    const byGroup: Record<number, Result> = Object.fromEntries(results.map((r) => [r.group, r]));
    expect(byGroup[2]!.status).toBe('failed');
    expect(byGroup[2]!.failure).toContain('engine went away');
    expect(byGroup[1]!.status).toBe('graded');
    // A failed result is retried by the next run.
    const again = await gradeBatch(discoverSubmissions([input]), ctx, { jobs: 2 });
    expect(again.skipped).not.toContain('group-2');
    expect(again.results.find((r) => r.group === 2)!.status).toBe('graded');
  });
});
