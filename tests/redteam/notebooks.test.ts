import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getRunner } from '../../harness/runners/registry.js';
import { createContext } from '../../harness/context.js';
import type { Result } from '../../harness/schema/result.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { cohort, grade, groupDir, kinds, redteamRubric, verdict } from './helpers.js';

/**
 * Hostile notebooks (shell escapes with ! and %%bash, a foreign kernel, huge
 * outputs) executed by the harness's nbclient runner. Shell escapes are shown to
 * work unisolated through host canary files (never anything destructive: under
 * `local` the notebook runs as the grader); in the sandbox they touch nothing on
 * the host and are named in findings.
 */
const CANARIES = ['/tmp/medgrade-redteam-nb-bang', '/tmp/medgrade-redteam-nb-bash', '/etc/medgrade-redteam-nb'];
const NAMES = ['nb-shell-escape', 'nb-foreign-kernel', 'nb-huge-output'];
const NOTEBOOK = { path: 'analysis.ipynb', cellSeconds: 30, totalSeconds: 90, memoryMb: 768, dataDir: 'data' };

const sandboxOk = await getRunner('sandbox').available();
if (!sandboxOk.ok) console.warn(`hostile notebooks skipped: the sandbox cannot run here (${sandboxOk.reason})`);
const dockerOk = await getRunner('docker').available();
if (!dockerOk.ok) console.warn(`hostile notebooks under docker skipped: ${dockerOk.reason}`);
if (!dockerOk.ok && process.env.CI === 'true') throw new Error(`CI must run the docker runner: ${dockerOk.reason}`);

function hugeNotebook(): string {
  const cell = (source: string, outputs: unknown[] = []) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs, source });
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: [cell('print("y" * (20 * 1024 * 1024))', [{ output_type: 'stream', name: 'stdout', text: 'z'.repeat(8 * 1024 * 1024) }]), cell('print("done")')] });
}

async function gradeWith(runner: 'local' | 'sandbox' | 'docker'): Promise<{ byGroup: Map<number, Result>; groupOf: Map<string, number> }> {
  const c = cohort(NAMES);
  writeFileSync(join(groupDir(c.dir, c.groupOf.get('nb-huge-output')!, 'nb-huge-output'), 'analysis.ipynb'), hugeNotebook());
  const ctx = await createContext({ rubric: redteamRubric({ notebooks: [NOTEBOOK] }), out: mkdtempSync(join(tmpdir(), `redteam-nb-${runner}-`)), runner, trace: runner !== 'local', log: () => {} });
  return { byGroup: await grade(ctx, c.dir), groupOf: c.groupOf };
}

describe.skipIf(!sandboxOk.ok)('hostile notebooks', () => {
  let local: Awaited<ReturnType<typeof gradeWith>>; let sandbox: Awaited<ReturnType<typeof gradeWith>>;
  let docker: Awaited<ReturnType<typeof gradeWith>> | null = null;
  let localCanaries: boolean[]; let sandboxCanaries: boolean[]; let dockerCanaries: boolean[] = []; let solo: Result;
  const clean = () => CANARIES.forEach((p) => rmSync(p, { force: true }));
  beforeAll(async () => {
    clean();
    local = await gradeWith('local');
    localCanaries = CANARIES.map((p) => existsSync(p));
    clean();
    sandbox = await gradeWith('sandbox');
    sandboxCanaries = CANARIES.map((p) => existsSync(p));
    if (dockerOk.ok) {
      clean();
      docker = await gradeWith('docker');
      dockerCanaries = CANARIES.map((p) => existsSync(p));
    }
    const ctx = await createContext({ rubric: redteamRubric({ notebooks: [NOTEBOOK] }), out: mkdtempSync(join(tmpdir(), 'redteam-nb-solo-')), runner: 'sandbox', trace: true, log: () => {} });
    solo = (await grade(ctx, cohort([]).dir)).get(1)!;
  }, 500_000);
  afterAll(clean);

  it('shell escapes (! and %%bash) reach the host unisolated, touch nothing in the sandbox, and are named', () => {
    expect(localCanaries).toEqual([true, true, true]);
    expect(sandboxCanaries).toEqual([false, false, false]);
    const r = sandbox.byGroup.get(sandbox.groupOf.get('nb-shell-escape')!)!;
    expect(kinds(r)).toContain('write-attempt');
  });

  it.skipIf(!dockerOk.ok)('under docker too: shell escapes touch nothing on the host, the foreign kernel and huge outputs are named', () => {
    expect(dockerCanaries).toEqual([false, false, false]);
    const of = (name: string) => docker!.byGroup.get(docker!.groupOf.get(name)!)!;
    expect(kinds(of('nb-shell-escape'))).toContain('write-attempt');
    expect(kinds(of('nb-foreign-kernel'))).toContain('notebook-kernel');
    expect(kinds(of('nb-huge-output'))).toContain('output-limit');
    expect(verdict(docker!.byGroup.get(1)!)).toEqual(verdict(solo));
  });

  it('a notebook declaring an R kernel is run with Python and named notebook-kernel', () => {
    for (const b of [local, sandbox]) expect(kinds(b.byGroup.get(b.groupOf.get('nb-foreign-kernel')!)!)).toContain('notebook-kernel');
  });

  it('huge embedded and printed outputs do not break grading', () => {
    const r = sandbox.byGroup.get(sandbox.groupOf.get('nb-huge-output')!)!;
    expect(r.status).toBe('graded');
    const run = r.runs.find((x) => x.phase.startsWith('notebook'))!;
    console.warn(`nb-huge-output: exit ${run.exitCode}, kinds ${kinds(r).join(', ')}, stdout ${run.stdoutBytes} B`);
    expect(JSON.stringify(r).length).toBeLessThan(1024 * 1024);
    expect(kinds(r)).toContain('output-limit');
  });

  it('the good submission is graded in the hostile batch exactly as alone', () => {
    expect(verdict(sandbox.byGroup.get(1)!)).toEqual(verdict(solo));
  });
});
