import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { notebookPhase, readNotebookSummary, runNotebook } from '../../harness/env/notebook.js';
import { resolveEnv, type ResolvedEnv } from '../../harness/env/python.js';
import { createSandboxRunner } from '../../harness/runners/sandbox.js';
import { createLocalRunner } from '../../harness/runners/local.js';
import { scratch } from '../runners/helpers.js';
import { NUMPY_ENV, TEST_CACHE } from './helpers.js';

const sandbox = createSandboxRunner();
const availability = await sandbox.available();
if (!availability.ok) console.warn(`sandboxed notebook tests skipped: ${availability.reason}`);

function notebook(sources: string[], kernel = 'python3'): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: kernel, display_name: kernel, language: kernel === 'ir' ? 'R' : 'python' } },
    cells: sources.map((s, i) => s.startsWith('# md')
      ? { cell_type: 'markdown', id: `c${i}`, metadata: {}, source: s }
      : { cell_type: 'code', id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source: s }),
  });
}

/** A submission with nb/fails2.ipynb (2nd code cell raises) and a dataset folder. */
function layout(sources: string[], kernel?: string) {
  const s = scratch();
  mkdirSync(join(s.work, 'nb'));
  writeFileSync(join(s.work, 'nb', 'fails2.ipynb'), notebook(sources, kernel));
  writeFileSync(join(s.data, 'labels.csv'), 'id,label\n1,covid\n');
  return s;
}

interface Cell { cell_type: string; outputs?: { text?: string | string[] }[] }
const codeCells = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { cells: Cell[] }).cells.filter((c) => c.cell_type === 'code');
/** nbformat stores multi-line text as a list of lines. */
const outputText = (c: Cell) => (c.outputs ?? []).map((o) => [o.text ?? ''].flat().join('')).join('');

const FAILS_SECOND = [
  '# md Title',
  'import os\nprint(open("covid_xray/labels.csv").read().splitlines()[1], os.getcwd())\nopen("made.txt", "w").write("x")',
  'raise ValueError("boom")',
  'print("never")',
];

/** The submission is s.work (left untouched); the phase's scratch is s.out. */
function phase(s: ReturnType<typeof scratch>, env: ResolvedEnv, cellSeconds = 30, trace = false) {
  return notebookPhase({
    notebook: { path: 'nb/fails2.ipynb', cellSeconds, totalSeconds: 60, memoryMb: 1024, dataDir: 'covid_xray' },
    submissionRoot: s.work, dataDir: s.data, workDir: s.out, python: env, trace, seed: 7,
  });
}

describe('notebook executor', () => {
  let env: ResolvedEnv;
  const getEnv = async () => (env ??= await resolveEnv(NUMPY_ENV, { cacheDir: TEST_CACHE }));

  it.skipIf(!availability.ok)('stops at the failing 2nd code cell in the sandbox and keeps the partial notebook', async () => {
    const s = layout(FAILS_SECOND);
    const { spec, executedPath, summaryPath, workCopy } = phase(s, await getEnv());
    expect(spec.workdir).toBe('/work/nb');
    expect(spec.env.MEDGRADE_SEED).toBe('7');
    const { record } = await sandbox.run(spec);
    expect(record.exitCode).toBe(1);
    const summary = readNotebookSummary(summaryPath);
    expect(summary).toMatchObject({ cells: 3, executed: 2, timedOutCell: null, kernel: 'python3' });
    expect(summary!.error).toMatchObject({ cell: 1, ename: 'ValueError', evalue: 'boom' });
    expect(summary!.error!.traceback).not.toMatch(/\x1b\[/);
    expect(summary!.cellSeconds).toHaveLength(2);
    const code = codeCells(executedPath);
    // Data is read from <notebook folder>/covid_xray; the working folder is the notebook's.
    expect(outputText(code[0]!)).toBe('1,covid /work/nb\n');
    expect(code[2]!.outputs).toEqual([]);
    // The writable copy got the file the notebook made; the submission itself did not.
    expect(readFileSync(join(workCopy, 'nb', 'made.txt'), 'utf8')).toBe('x');
    expect(existsSync(join(s.work, 'nb', 'made.txt'))).toBe(false);
    expect(existsSync(join(s.data, 'made.txt'))).toBe(false);
  });

  it.skipIf(!availability.ok)('runs python3 whatever the declared kernel, reports an R kernelspec, opens no TCP socket', async () => {
    const s = layout(['import sys\nprint(sys.version_info[0])'], 'ir');
    const { spec, summaryPath, executedPath } = phase(s, await getEnv(), 30, true);
    const { record, events, traceSkipped } = await sandbox.run(spec);
    expect(record.exitCode).toBe(0);
    expect(traceSkipped).toBeUndefined();
    // The kernel talks over ipc, so the trace has no connect of the harness's own.
    expect(events.filter((e) => e.op === 'connect')).toEqual([]);
    expect(events.some((e) => e.op === 'exec' && e.path === spec.python.executable)).toBe(true);
    expect(readNotebookSummary(summaryPath)).toMatchObject({ cells: 1, executed: 1, error: null, kernel: 'ir' });
    expect(outputText(codeCells(executedPath)[0]!)).toBe('3\n');
  });

  it.skipIf(!availability.ok)('records the cell that ran past its timeout', async () => {
    const s = layout(['print(1)', 'import time\ntime.sleep(20)', 'print(3)']);
    const { spec, summaryPath } = phase(s, await getEnv(), 1);
    const { record } = await sandbox.run(spec);
    expect(record.timedOut).toBe(false);
    expect(readNotebookSummary(summaryPath)).toMatchObject({ cells: 3, executed: 2, error: null, timedOutCell: 1 });
  });

  it('the local runner executes the same phase with host paths', async () => {
    const s = layout(FAILS_SECOND.slice(0, 2));
    // Locally the data folder must exist at its place in the submission.
    mkdirSync(join(s.work, 'nb', 'covid_xray'));
    writeFileSync(join(s.work, 'nb', 'covid_xray', 'labels.csv'), 'id,label\n1,covid\n');
    const { spec, summaryPath } = phase(s, await getEnv());
    const { record } = await createLocalRunner().run(spec);
    expect(record.exitCode).toBe(0);
    expect(readNotebookSummary(summaryPath)).toMatchObject({ cells: 1, executed: 1, error: null });
  });

  it.skipIf(!availability.ok)('runNotebook returns the pipeline\'s NotebookRun; a missing notebook leaves no summary', async () => {
    const s = layout(['print(1)']);
    const input = {
      notebook: { path: 'nb/absent.ipynb', cellSeconds: 30, totalSeconds: 60, memoryMb: 1024, dataDir: 'covid_xray' },
      submissionRoot: s.work, dataDir: null, workDir: s.out, python: await getEnv(), trace: false,
    };
    const { run } = await runNotebook(sandbox, input);
    expect(run.path).toBe('nb/absent.ipynb');
    expect(run.record.exitCode).toBe(1);
    expect(run.record.stderrTail).toContain('absent.ipynb');
    expect(run.summary).toBeNull();
    expect(run.executedPath).toBeNull();
  });

  it.skipIf(!availability.ok || process.getuid?.() !== 0)('a kernel killed for memory shows as oomKilled and a DeadKernelError at its cell', async () => {
    const s = layout(['print(1)', 'x = [bytearray(8 << 20) for _ in range(100)]', 'print(3)']);
    const { run } = await runNotebook(sandbox, {
      notebook: { path: 'nb/fails2.ipynb', cellSeconds: 30, totalSeconds: 60, memoryMb: 300, dataDir: 'covid_xray' },
      submissionRoot: s.work, dataDir: null, workDir: s.out, python: await getEnv(), trace: false,
    });
    expect(run.record.oomKilled).toBe(true);
    expect(run.summary).toMatchObject({ executed: 2, timedOutCell: null, error: { cell: 1, ename: 'DeadKernelError' } });
  });

  it('readNotebookSummary refuses malformed summaries', () => {
    const s = scratch();
    const file = join(s.out, 'bad.json');
    writeFileSync(file, JSON.stringify({ cells: -1 }));
    expect(readNotebookSummary(file)).toBeNull();
    expect(readNotebookSummary(join(s.out, 'missing.json'))).toBeNull();
  });
});
