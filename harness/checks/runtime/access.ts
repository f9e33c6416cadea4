import { finding, type Finding } from '../../schema/finding.js';
import type { AccessEvent } from '../../runners/types.js';
import type { Check, CheckInput } from '../types.js';

/** Where a phase may legitimately write. */
const WRITABLE = [/^\/out(\/|$)/, /^\/tmp(\/|$)/, /^\/dev\/(null|shm|tty|pts)/, /^\/proc\/self\//];
/** System folders that libraries probe on their own; failed writes there say nothing about the student. */
const SYSTEM = [/^\/usr\//, /^\/proc\//, /^\/sys\//, /^\/etc\/(ld\.so|localtime)/, /^\/var\/cache\/fontconfig\//];
/** errnos that mean the sandbox refused a write. */
const REFUSED = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOENT']);
/** A path that names the test split or hidden labels. */
const TEST_PATH = /(^|\/)(test|tests|testing[_-]?set|test[_-]?set|hidden|labels?)(\/|\.csv$|$)/i;

function summarise(events: AccessEvent[], limit = 5): string {
  const paths = [...new Set(events.map((e) => e.path))];
  return paths.slice(0, limit).join(', ') + (paths.length > limit ? ` and ${paths.length - limit} more` : '');
}

/**
 * Turns what the runner saw into findings, phase by phase:
 * - train: reaching for test data or labels is `runtime-access` (the test set is
 *   not there, so any attempt is intent, not accident);
 * - every phase: network connections and writes outside /out and /tmp.
 * Notebook runs see the course layout with test/ by design, so their test reads are not flagged here.
 */
export function accessFindings(phase: string, events: AccessEvent[], envRoots: string[]): Finding[] {
  const findings: Finding[] = [];
  const ours = (p: string) => !envRoots.some((r) => p.startsWith(r)) && !SYSTEM.some((re) => re.test(p));
  if (phase === 'train') {
    const reads = events.filter((e) => e.op === 'open' && ours(e.path) && TEST_PATH.test(e.path));
    if (reads.length) {
      findings.push(finding({
        check: 'runtime/access', kind: 'runtime-access', severity: 'error', file: phase,
        message: `During training the code tried to open test data or labels: ${summarise(reads)}. The train phase only has train/ and val/, so this is an attempt to use test data in training.`,
        fix: 'Train only on the folders under --data (train/ and val/). The test set is scored by the harness, never read by train.py.',
      }));
    }
  }
  const connects = events.filter((e) => e.op === 'connect');
  if (connects.length) {
    findings.push(finding({
      check: 'runtime/access', kind: 'network-attempt', severity: 'error', file: phase,
      message: `The ${phase} phase tried to open network connections (${summarise(connects)}); grading runs have no network, and the attempt failed.`,
      fix: 'Remove network access (downloads, telemetry, uploads). Everything the code needs must be in the package or under --data.',
    }));
  }
  // Only writes the sandbox refused: one that succeeded was inside a writable mount by construction,
  // and EEXIST and the like are ordinary outcomes (os.makedirs(exist_ok=True)), not refusals.
  // Notebooks run in a writable copy of the package at /work.
  const writable = phase.startsWith('notebook') ? [...WRITABLE, /^\/work(\/|$)/] : WRITABLE;
  const writes = events.filter((e) => e.op === 'write' && e.error && REFUSED.has(e.error) && ours(e.path) && !writable.some((re) => re.test(e.path)));
  if (writes.length) {
    findings.push(finding({
      check: 'runtime/access', kind: 'write-attempt', severity: 'warning', file: phase,
      message: `The ${phase} phase tried to write outside its output folder: ${summarise(writes)}. Code and data are read-only, so these writes failed.`,
      fix: 'Write outputs only under the --out folder (and temporary files under /tmp).',
    }));
  }
  return findings;
}

export function runtimeAccessCheck(envRoots: string[]): Check {
  return {
    id: 'runtime/access',
    stage: 'check',
    async run({ ran }: CheckInput) {
      if (!ran) return [];
      return [
        ...ran.phases.flatMap((p) => accessFindings(p.record.phase, p.events, envRoots)),
        ...ran.notebooks.flatMap((n) => accessFindings(`notebook ${n.path}`, n.events, envRoots)),
      ];
    },
  };
}

/** The code cell running at `time`: the last one started at or before it. */
function cellAt(time: number, cellStarted: number[]): number | null {
  let cell: number | null = null;
  cellStarted.forEach((t, i) => { if (t <= time) cell = i; });
  return cell;
}

/**
 * Notebooks run over the course layout, test set included, so reading test images
 * there is no offence. It is evidence, though, where static analysis already found
 * a leak in that notebook, and stronger evidence when the trace shows the test files
 * were read in or before the cell the leak sits in (the order of events).
 * An instructor-facing note, never an error on its own.
 */
export function notebookEvidence(notebook: string, dataDir: string, events: AccessEvent[], findings: Finding[], cellStarted: number[] = []): Finding[] {
  const leaks = findings.filter((f) => f.check === 'leakage/static' && f.file === notebook && f.severity === 'error');
  if (leaks.length === 0) return [];
  const reads = events.filter((e) => e.op === 'open' && !e.error && e.path.includes(`/${dataDir}/test/`));
  const testReads = new Set(reads.map((e) => e.path));
  if (testReads.size === 0) return [];
  const cells = [...new Set(leaks.map((f) => (f.cell !== undefined ? `cell ${f.cell + 1}` : `line ${f.line}`)))].join(', ');
  const readCells = reads.map((e) => (e.time === undefined ? null : cellAt(e.time, cellStarted))).filter((c): c is number => c !== null);
  const firstRead = readCells.length ? Math.min(...readCells) : null;
  const leakCells = leaks.map((f) => f.cell).filter((c): c is number => c !== undefined);
  const ordered = firstRead !== null && leakCells.some((c) => c >= firstRead);
  const order = firstRead === null ? ''
    : ordered ? ` The first test file was read in code cell ${firstRead + 1}, before or in the cell where the leak sits, so the order of events fits the static finding.`
      : ` The first test file was read in code cell ${firstRead + 1}, after the flagged cells, so the order of events does not support the finding.`;
  return [finding({
    check: 'runtime/access', kind: 'runtime-access', severity: 'info', audience: 'instructor', file: notebook,
    ...(firstRead !== null ? { cell: firstRead } : {}),
    message: `When executed, the notebook read ${testReads.size} test-set files. This bears on the static leakage finding(s) at ${cells}; on its own it would prove nothing, since the course layout includes the test set.${order}`,
    fix: 'Review the static finding; the test set should be read only for the final evaluation.',
  })];
}
