import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext } from '../../../harness/context.js';
import { gradeBatch } from '../../../harness/batch.js';
import { discoverSubmissions } from '../../../harness/intake/discover.js';
import { collectBatch, submitBatch, waitBatch } from '../../../harness/runners/slurm/index.js';
import { readResults } from '../../../harness/report/gradebook.js';
import type { Result } from '../../../harness/schema/result.js';
import { slurmMissing } from './cluster.js';
import { connectDocker, engineProblem } from '../../../harness/image/engine.js';

const ROOT = join(import.meta.dirname, '../../..');
const RUBRIC = join(ROOT, 'tests/fixtures/rubrics/trivial.yaml');
const FIXTURES = join(ROOT, 'tests/fixtures/trivial');
const missing = slurmMissing();
// The docker-inner case also needs an engine; it is skipped (with a note) without one, even in CI.
const noDocker = missing ?? await engineProblem(connectDocker());
if (!missing && noDocker) console.warn(`skipping slurm with the docker inner runner: ${noDocker}`);

function cohort(): string {
  const dir = mkdtempSync(join(tmpdir(), 'slurm-cohort-'));
  cpSync(join(FIXTURES, 'passes'), join(dir, 'Group 1 - passes'), { recursive: true });
  cpSync(join(FIXTURES, 'crashes'), join(dir, 'Group 2 - crashes'), { recursive: true });
  cpSync(join(FIXTURES, 'missing-file'), join(dir, 'Group 3 - missing file'), { recursive: true });
  return dir;
}

const verdict = (r: Result) => ({
  submission: r.submission, status: r.status,
  kinds: [...new Set(r.findings.map((f) => f.kind))].sort(),
  criteria: r.criteria.filter((c) => c.id !== 'performance').map((c) => [c.id, c.points]),
});
const byId = (rs: Result[]) => [...rs].sort((a, b) => a.submission.localeCompare(b.submission));

describe.skipIf(missing)('slurm batch runner', () => {
  let input: string;
  const outs: string[] = [];
  const out = () => { const d = mkdtempSync(join(tmpdir(), 'slurm-out-')); outs.push(d); return d; };
  beforeAll(() => { input = cohort(); });
  afterAll(() => { for (const d of [input, ...outs]) rmSync(d, { recursive: true, force: true }); });

  it('grades 3 submissions as an array job with the sandbox\'s verdicts', async () => {
    const dir = out();
    const res = await submitBatch([input], { rubric: RUBRIC, out: dir, inner: 'sandbox', python: '/usr/bin/python3', report: false, pollMs: 300, log: () => {} });
    expect(res.tasks).toBe(3);
    expect(res.collected).toMatchObject({ graded: 2, invalid: 1, failed: 0, pending: [] });
    expect(readFileSync(join(dir, 'gradebook.csv'), 'utf8').split('\n').filter(Boolean)).toHaveLength(4);
    const viaSlurm = byId(readResults(dir).raw);
    const ctx = await createContext({ rubric: RUBRIC, out: out(), runner: 'sandbox', python: '/usr/bin/python3', log: () => {} });
    const direct = byId((await gradeBatch(discoverSubmissions([input]), ctx, { jobs: 2 })).results);
    expect(viaSlurm.map(verdict)).toEqual(direct.map(verdict));
    expect(existsSync(join(dir, '.slurm', 'out', '0'))).toBe(false);
  }, 120_000);

  it('turns a cancelled task into a failed row, never a missing one', async () => {
    const dir = out();
    const res = await submitBatch([input], { rubric: RUBRIC, out: dir, inner: 'sandbox', python: '/usr/bin/python3', detach: true, parallel: 1, log: () => {} });
    expect(res.collected).toBeUndefined();
    // One at a time (%1): cancel the first task while it runs (a task cancelled
    // before it starts leaves no state anywhere; collect says so in its reason).
    for (let i = 0; i < 100 && !/\b0 RUNNING/.test(execFileSync('squeue', ['-h', '-r', '-j', res.jobId, '-o', '%K %T']).toString()); i++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    execFileSync('scancel', [`${res.jobId}_0`]);
    await waitBatch(dir, { pollMs: 300, log: () => {} });
    const c = await collectBatch(dir, { report: false });
    expect(c.failed).toBe(1);
    const rows = readResults(dir).raw;
    expect(rows).toHaveLength(3);
    const failed = rows.find((r) => r.status === 'failed')!;
    expect(failed.failure).toMatch(/ended CANCELLED/);
    expect(failed.provenance.runner).toBe('slurm+sandbox');
  }, 120_000);

  it.skipIf(noDocker)('runs tasks with the docker inner runner', async () => {
    const dir = out();
    const one = join(input, 'Group 1 - passes');
    const res = await submitBatch([one], { rubric: RUBRIC, out: dir, inner: 'docker', python: '/usr/bin/python3', report: false, pollMs: 300, log: () => {} });
    expect(res.collected).toMatchObject({ graded: 1, failed: 0 });
    const [r] = readResults(dir).raw;
    expect(r!.runs.map((x) => x.runner)).toEqual(['docker', 'docker']);
  }, 120_000);
});
