import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSubmissions } from '../../../harness/intake/discover.js';
import { createContext } from '../../../harness/context.js';
import { gradeBatch } from '../../../harness/batch.js';
import { connectDocker } from '../../../harness/image/engine.js';
import { PID_LABEL } from '../../../harness/runners/docker/index.js';
import type { Result } from '../../../harness/schema/result.js';
import { dockerMissing } from './engine.js';

const ROOT = join(import.meta.dirname, '../../..');
const RUBRIC = join(ROOT, 'tests/fixtures/rubrics/trivial.yaml');
const FIXTURES = join(ROOT, 'tests/fixtures/trivial');
const missing = await dockerMissing();

/** passes → graded, code 10/10; crashes → run-crash, code zeroed; missing-file → invalid, nothing run. */
function cohort(): string {
  const dir = mkdtempSync(join(tmpdir(), 'verdicts-'));
  cpSync(join(FIXTURES, 'passes'), join(dir, 'Group 1 - passes'), { recursive: true });
  cpSync(join(FIXTURES, 'crashes'), join(dir, 'Group 2 - crashes'), { recursive: true });
  cpSync(join(FIXTURES, 'missing-file'), join(dir, 'Group 3 - missing file'), { recursive: true });
  return dir;
}

/** What must not depend on the runner: status, finding kinds, and every non-metric criterion. */
function verdict(r: Result) {
  return {
    group: r.group,
    status: r.status,
    kinds: [...new Set(r.findings.map((f) => f.kind))].sort(),
    criteria: r.criteria.filter((c) => c.id !== 'performance').map((c) => ({ id: c.id, points: c.points })),
    phases: r.runs.map((p) => [p.phase, p.exitCode, p.timedOut, Boolean(p.skipped)]),
  };
}

async function grade(runner: 'sandbox' | 'docker', input: string): Promise<Result[]> {
  const ctx = await createContext({ rubric: RUBRIC, out: mkdtempSync(join(tmpdir(), `out-${runner}-`)), runner, python: '/usr/bin/python3', trace: true, log: () => {} });
  const { results } = await gradeBatch(discoverSubmissions([input]), ctx, { jobs: 2 });
  return [...results].sort((a, b) => (a.group ?? 0) - (b.group ?? 0));
}

describe.skipIf(missing)('docker gives the sandbox\'s verdicts', () => {
  let input: string;
  let sandbox: Result[];
  let docker: Result[];
  beforeAll(async () => {
    input = cohort();
    sandbox = await grade('sandbox', input);
    docker = await grade('docker', input);
  }, 120_000);
  afterAll(() => rmSync(input, { recursive: true, force: true }));

  it('the fixtures give the outcomes they are named for', () => {
    expect(sandbox.map((r) => r.status)).toEqual(['graded', 'graded', 'invalid']);
    expect(sandbox[0]!.criteria.find((c) => c.id === 'code')!.points).toBe(10);
    expect(sandbox[1]!.criteria.find((c) => c.id === 'code')!.points).toBe(0);
    expect(sandbox[1]!.findings.map((f) => f.kind)).toContain('run-crash');
    expect(sandbox[2]!.findings.map((f) => f.kind)).toContain('missing-file');
  });

  it('statuses, finding kinds and non-metric criteria are identical', () => {
    expect(docker.map(verdict)).toEqual(sandbox.map(verdict));
  });

  it('the docker runs are recorded as docker, isolated, with the crash on stderr', () => {
    const runs = docker.flatMap((r) => r.runs).filter((r) => !r.skipped);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const r of runs) {
      expect(r.runner).toBe('docker');
      expect(r.isolation).toEqual(expect.arrayContaining(['network', 'filesystem', 'memory', 'pids']));
    }
    expect(docker[1]!.runs[0]!.stderrTail).toContain('training diverged on purpose');
    expect(docker[0]!.provenance.runner).toBe('docker');
  });

  it('leaves no container behind', async () => {
    // This process's containers only: other test files run containers at the same time.
    const left = await connectDocker().listContainers({ all: true, filters: { label: [`${PID_LABEL}=${hostname()}:${process.pid}`] } });
    expect(left).toEqual([]);
  });
});
