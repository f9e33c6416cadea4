import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { discoverSubmissions } from '../../harness/intake/discover.js';
import { createContext } from '../../harness/context.js';
import { gradeBatch } from '../../harness/batch.js';
import { getRunner } from '../../harness/runners/registry.js';
import type { Result } from '../../harness/schema/result.js';
import type { GradeContext } from '../../harness/pipeline/grade.js';

/**
 * The verdict table of submissions/covid/README.md, asserted through the real
 * sandbox and real TensorFlow. Each row: status, code-runs points, methodology
 * points, and the finding kinds that must be present.
 */
const ROOT = join(import.meta.dirname, '../..');
const TABLE: { group: number; status: Result['status']; code?: number; methodology?: number; kinds: string[] }[] = [
  { group: 1, status: 'graded', code: 10, methodology: 40, kinds: [] },
  { group: 2, status: 'graded', code: 10, methodology: 0, kinds: ['overlap', 'runtime-access'] },
  { group: 3, status: 'graded', code: 0, methodology: 40, kinds: ['run-crash'] },
  { group: 4, status: 'graded', code: 0, methodology: 40, kinds: ['run-timeout'] },
  { group: 5, status: 'graded', code: 0, methodology: 40, kinds: ['disallowed-import'] },
  { group: 6, status: 'invalid', kinds: ['missing-file'] },
  { group: 7, status: 'graded', code: 10, methodology: 30, kinds: ['claim-mismatch'] },
  { group: 8, status: 'graded', code: 10, methodology: 40, kinds: ['network-attempt', 'write-attempt'] },
  { group: 9, status: 'graded', code: 0, methodology: 40, kinds: ['notebook-error'] },
];

/** Like spawnSync, but leaves the event loop free so a server in this process can answer. */
function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const sandbox = await getRunner('sandbox').available();
if (!sandbox.ok) console.warn(`covid samples skipped: the sandbox cannot run here (${sandbox.reason})`);

describe.skipIf(!sandbox.ok)('COVID sample submissions through the sandbox', () => {
  let ctx: GradeContext;
  const byGroup = new Map<number, Result>();
  beforeAll(async () => {
    ctx = await createContext({ rubric: join(ROOT, 'rubrics/covid.yaml'), out: mkdtempSync(join(tmpdir(), 'covid-')), runner: 'sandbox', log: () => {} });
    // Group 4 loops forever; a short wall limit keeps the suite fast without changing its verdict.
    ctx.rubric.rubric.phases.train!.limits.wallSeconds = 90;
    const { results } = await gradeBatch(discoverSubmissions([join(ROOT, 'submissions/covid')]), ctx, { jobs: 2 });
    for (const r of results) byGroup.set(r.group!, r);
  }, 1_500_000);

  it.each(TABLE)('group $group: $status, code $code, methodology $methodology, findings $kinds', (row) => {
    const r = byGroup.get(row.group)!;
    expect(r.status).toBe(row.status);
    const points = (id: string) => r.criteria.find((c) => c.id === id)!.points;
    if (row.code !== undefined) expect(points('code-runs')).toBe(row.code);
    if (row.methodology !== undefined) expect(points('methodology')).toBe(row.methodology);
    const kinds = new Set(r.findings.filter((f) => f.severity !== 'info').map((f) => f.kind));
    for (const k of row.kinds) expect(kinds, `findings: ${[...kinds].join(', ')}`).toContain(k);
  });

  it('gives the good sample full automatic points and no error finding', () => {
    const r = byGroup.get(1)!;
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    for (const c of r.criteria.filter((c) => c.status === 'scored')) expect(c.points, c.id).toBe(c.maxPoints);
    expect(r.metrics.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(r.runs.map((x) => [x.phase, x.exitCode])).toEqual([['train', 0], ['predict', 0], ['notebook baseline.ipynb', 0]]);
    expect(r.runs[0]!.isolation).toEqual(expect.arrayContaining(['network', 'filesystem', 'memory', 'pids']));
  });

  it('never shows the hidden labels or test names to the sandboxed predict phase', () => {
    const r = byGroup.get(1)!;
    expect(existsSync(join(ctx.outRoot, 'group-1', 'predictions.csv'))).toBe(true);
    const names = readFileSync(join(ctx.outRoot, 'group-1', 'predictions.csv'), 'utf8');
    expect(names).not.toMatch(/covid|normal/i);
    expect(r.provenance.dataHashes['covid-synthetic']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the failing notebook cell and the error', () => {
    const f = byGroup.get(9)!.findings.find((x) => x.kind === 'notebook-error')!;
    expect(f.cell).toBe(5); // 0-based among code cells: the sixth code cell
    expect(f.message).toContain('KeyError');
  });
});

describe.skipIf(!sandbox.ok)('positive controls: the hostile samples really attack when nothing stops them', () => {
  it('network-and-writes reaches a local server and writes outside its folder under no isolation', async () => {
    const hits: string[] = [];
    const server = createServer((req, res) => { hits.push(req.url ?? ''); res.end('ok'); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const ctx = await createContext({ rubric: join(ROOT, 'rubrics/covid.yaml'), out: mkdtempSync(join(tmpdir(), 'ctl-')), runner: 'local', log: () => {} });
    const sub = join(ROOT, 'submissions/covid/Group 8 - network-and-writes');
    const out = mkdtempSync(join(tmpdir(), 'ctl-out-'));
    const r = await run(ctx.python.executable, ['train.py', '--data', ctx.data.trainView, '--out', join(out, 'model')],
      { cwd: sub, env: { ...process.env, MEDGRADE_PROBE_PORT: String(port), OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' } });
    server.close();
    // The sample's three targets; under no isolation they are real host paths.
    const markers = ['/work/pwned.txt', '/etc/medgrade_pwned.txt', join(ctx.data.trainView, 'pwned.txt')];
    const wrote = markers.filter((m) => existsSync(m));
    for (const m of markers) rmSync(m, { force: true });
    expect(hits.length, r.stdout.slice(-2000)).toBeGreaterThan(0);
    expect(r.stdout).toContain(`sent the listing to http://127.0.0.1:${port}/upload`);
    expect(wrote.length).toBeGreaterThan(0);
  }, 600_000);

  it('reads-test-set trains on the test images when they are visible', async () => {
    const ctx = await createContext({ rubric: join(ROOT, 'rubrics/covid.yaml'), out: mkdtempSync(join(tmpdir(), 'ctl-')), runner: 'local', log: () => {} });
    const sub = join(ROOT, 'submissions/covid/Group 2 - reads-test-set');
    const r = await run(ctx.python.executable, ['train.py', '--data', ctx.data.full, '--out', mkdtempSync(join(tmpdir(), 'ctl-model-'))],
      { cwd: sub, env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' } });
    expect(r.stdout + r.stderr).toMatch(/also training on \d+ images from .*test/);
  }, 600_000);
});
