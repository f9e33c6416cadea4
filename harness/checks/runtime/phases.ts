import { finding, type Finding } from '../../schema/finding.js';
import type { RunRecord } from '../../schema/result.js';
import type { NotebookRun } from '../../pipeline/types.js';
import { existsSync, statSync } from 'node:fs';

/** Above this an executed notebook is a burden to every reader of the report: named, not refused. */
const NOTEBOOK_OUTPUT_MB = 5;
import { COPY_BACK_CUT } from '../../runners/outputs.js';

function tail(text: string, lines = 12): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** A phase that crashed, timed out or ran out of memory, stated with its evidence. */
export function phaseFindings(r: RunRecord): Finding[] {
  const file = r.phase;
  if (r.skipped) return [];
  if (r.timedOut) {
    return [finding({ check: 'run/phase', kind: 'run-timeout', severity: 'error', file, excerpt: tail(r.stderrTail || r.stdoutTail),
      message: `The ${r.phase} phase was stopped after ${r.wallSeconds.toFixed(0)} s: it ran past its time limit.`,
      fix: 'Make the phase finish well within the limit printed by `medgrade rubric explain` (fewer epochs, smaller images).' })];
  }
  if (r.oomKilled) {
    return [finding({ check: 'run/phase', kind: 'run-oom', severity: 'error', file, excerpt: tail(r.stderrTail),
      message: `The ${r.phase} phase was killed for using more memory than its limit${r.peakMemoryMb ? ` (peak ${r.peakMemoryMb.toFixed(0)} MB)` : ''}.`,
      fix: 'Load images in batches (a generator or tf.data) instead of all at once, or downsample.' })];
  }
  const findings: Finding[] = [];
  if (r.exitCode !== 0) {
    findings.push(finding({ check: 'run/phase', kind: 'run-crash', severity: 'error', file, excerpt: tail(r.stderrTail || r.stdoutTail),
      message: `The ${r.phase} phase exited with code ${r.exitCode ?? r.signal}. The last lines of its output are shown.`,
      fix: 'Run the same command on your machine (`medgrade check`) and fix the error shown.' }));
  }
  if (r.stdoutBytes + r.stderrBytes > 2 * 1024 * 1024) {
    findings.push(finding({ check: 'run/phase', kind: 'output-limit', severity: 'info', file,
      message: `The ${r.phase} phase printed ${((r.stdoutBytes + r.stderrBytes) / 1e6).toFixed(1)} MB; only the tail was kept.`,
      fix: 'Print less (e.g. verbose=2 in model.fit).' }));
  }
  const cut = r.stderrTail.split('\n').find((l) => l.startsWith(COPY_BACK_CUT));
  if (cut) {
    findings.push(finding({ check: 'run/phase', kind: 'output-limit', severity: 'error', file, excerpt: cut,
      message: `The ${r.phase} phase wrote more files or bytes than the output limit; ${cut.slice(COPY_BACK_CUT.length + 1)}`,
      fix: 'Write only the outputs the assignment asks for (a model file, history.csv, predictions.csv), not thousands of files.' }));
  }
  return findings;
}

/** A notebook that did not run to its end names the failing cell and its error. */
export function notebookFindings(nb: NotebookRun): Finding[] {
  const s = nb.summary;
  const out: Finding[] = [];
  const size = nb.executedPath && existsSync(nb.executedPath) ? statSync(nb.executedPath).size : 0;
  if (size > NOTEBOOK_OUTPUT_MB * 1024 * 1024) {
    out.push(finding({ check: 'run/notebook', kind: 'output-limit', severity: 'warning', file: nb.path,
      message: `The executed notebook is ${(size / 1e6).toFixed(1)} MB, mostly cell outputs; more than ${NOTEBOOK_OUTPUT_MB} MB makes it hard to read and to grade.`,
      fix: 'Print summaries instead of whole arrays or logs, and clear large outputs before saving.' }));
  }
  if (s && s.kernel && !/python/i.test(s.kernel)) {
    out.push(finding({ check: 'run/notebook', kind: 'notebook-kernel', severity: 'warning', file: nb.path,
      message: `The notebook declares the kernel "${s.kernel}"; it was run with Python, as the assignment requires.`,
      fix: 'Save the notebook with a Python 3 kernel.' }));
  }
  if (s?.timedOutCell != null || nb.record.timedOut) {
    const cell = s?.timedOutCell ?? undefined;
    out.push(finding({ check: 'run/notebook', kind: 'notebook-timeout', severity: 'error', file: nb.path, ...(cell != null ? { cell } : {}),
      message: cell != null ? `Code cell ${cell + 1} ran past the per-cell time limit.` : `The notebook ran past its total time limit after ${nb.record.wallSeconds.toFixed(0)} s.`,
      fix: 'Make the notebook run top to bottom within the limits of `medgrade rubric explain`.' }));
  } else if (s?.error) {
    out.push(finding({ check: 'run/notebook', kind: 'notebook-error', severity: 'error', file: nb.path, cell: s.error.cell,
      excerpt: tail(s.error.traceback, 15),
      message: `The notebook stops at code cell ${s.error.cell + 1} with ${s.error.ename}: ${s.error.evalue.slice(0, 300)}. Code that fails to run scores zero (project text, 8.3).`,
      fix: 'Restart the kernel and run all cells from the top; fix the first cell that fails.' }));
  } else if (!s || nb.record.oomKilled || nb.record.exitCode !== 0) {
    out.push(finding({ check: 'run/notebook', kind: nb.record.oomKilled ? 'run-oom' : 'notebook-error', severity: 'error', file: nb.path,
      excerpt: tail(nb.record.stderrTail),
      message: nb.record.oomKilled ? 'The notebook was killed for using more memory than its limit.' : 'The notebook could not be executed to its end.',
      fix: 'Restart the kernel and run all cells from the top.' }));
  }
  return out;
}
