import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { inputHash } from '../../batch.js';
import { createContext } from '../../context.js';
import { MedgradeError } from '../../errors.js';
import { discoverSubmissions } from '../../intake/discover.js';
import { readResults, writeGradebook } from '../../report/gradebook.js';
import { renderReports } from '../../report/render.js';
import { resultSchema } from '../../schema/result.js';
import { writeJsonAtomic } from '../../util/fs.js';
import { PROJECT_ROOT } from '../../version.js';
import { readSlurmBatch, slurmDirOf, slurmFailedResult, type SlurmBatch } from './record.js';
import { arrayScript } from './script.js';
import { finishedStates, isFinal, queuedStates } from './states.js';

export interface SubmitOptions {
  rubric: string;
  out: string;
  inner: 'sandbox' | 'docker';
  partition?: string;
  gres?: string;
  /** Per task, Slurm syntax ("30", "01:00:00"); Slurm rounds up to whole minutes. */
  time?: string;
  /** Return right after sbatch; `medgrade collect DIR` finishes later. */
  detach?: boolean;
  parallel?: number;
  memMb?: number;
  python?: string;
  cacheDir?: string;
  referenceDir?: string;
  trace?: boolean;
  pdf?: boolean;
  report?: boolean;
  pollMs?: number;
  log?: (line: string) => void;
}

export interface SubmitOutcome {
  jobId: string;
  out: string;
  tasks: number;
  /** Set unless detached. */
  collected?: CollectOutcome;
}

export interface CollectOutcome {
  graded: number;
  invalid: number;
  failed: number;
  /** Submission ids whose tasks are still queued or running (no row written for them yet). */
  pending: string[];
  gradebook: string;
}

function slurmCmd(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).toString().trim();
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new MedgradeError('E_RUNNER_UNAVAILABLE', `${cmd} failed: ${err.stderr?.toString().trim() || err.message}; is Slurm running (scripts/ci/slurm.sh start) and SLURM_CONF set?`);
  }
}

/**
 * Grades a batch on Slurm: one array task per submission, each running
 * `medgrade grade-one` with the inner runner. The rubric, environment and
 * hidden data are prepared here first, so tasks find them cached and a broken
 * setup fails before anything is queued.
 */
export async function submitBatch(inputs: string[], opts: SubmitOptions): Promise<SubmitOutcome> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const out = resolve(opts.out);
  const subs = discoverSubmissions(inputs);
  if (subs.length === 0) throw new MedgradeError('E_INPUT_NOT_FOUND', `no submissions found in ${inputs.join(', ')}`);
  slurmCmd('sinfo', ['-h', '-o', '%P']);
  const ctx = await createContext({
    rubric: opts.rubric, out, runner: opts.inner, log,
    ...(opts.python ? { python: opts.python } : {}), ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
    ...(opts.referenceDir ? { referenceDir: opts.referenceDir } : {}),
  });
  const slurmDir = slurmDirOf(out);
  rmSync(slurmDir, { recursive: true, force: true });
  mkdirSync(join(slurmDir, 'logs'), { recursive: true });
  const tasks = subs.map((d, index) => {
    let input = d.package ?? '';
    // A package with a separate report: both go into a folder of their own so grade-one pairs them again.
    if (d.report || !d.package) {
      input = join(slurmDir, 'in', String(index));
      mkdirSync(input, { recursive: true });
      for (const src of [d.package, d.report]) if (src) cpSync(src, join(input, basename(src)), { recursive: true });
    }
    return { index, id: d.id, group: d.group, input, inputHash: inputHash(d) };
  });
  const inputsFile = join(slurmDir, 'inputs.txt');
  writeFileSync(inputsFile, tasks.map((t) => t.input).join('\n') + '\n');
  const { rubric } = ctx.rubric;
  const gradeFlags = [
    ...(opts.python ? ['--python', opts.python] : []), ...(opts.cacheDir ? ['--cache-dir', resolve(opts.cacheDir)] : []),
    ...(opts.referenceDir ? ['--reference-dir', resolve(opts.referenceDir)] : []), ...(opts.trace === false ? ['--no-trace'] : []),
  ];
  const script = join(slurmDir, 'job.sh');
  writeFileSync(script, arrayScript({
    jobName: `medgrade-${rubric.id}`, out, slurmDir, inputsFile, tasks: tasks.length,
    node: process.execPath, cli: join(PROJECT_ROOT, 'bin', 'medgrade.mjs'), rubric: resolve(opts.rubric), inner: opts.inner, gradeFlags,
    ...(opts.partition ? { partition: opts.partition } : {}), ...(opts.gres ? { gres: opts.gres } : {}),
    ...(opts.time ? { time: opts.time } : {}), ...(opts.parallel ? { parallel: opts.parallel } : {}), ...(opts.memMb ? { memMb: opts.memMb } : {}),
  }), { mode: 0o755 });
  const submittedAt = new Date().toISOString();
  const jobId = slurmCmd('sbatch', ['--parsable', '--chdir', slurmDir, script]).split(';')[0]!;
  const record: SlurmBatch = {
    jobId, submittedAt, rubric: resolve(opts.rubric), inner: opts.inner, assignment: rubric.id, rubricHash: ctx.rubric.hash,
    maxScore: rubric.criteria.reduce((a, c) => a + c.points, 0), seed: rubric.seed,
    reference: { id: rubric.reference.id, found: Boolean(ctx.reference) }, environment: ctx.python.versions, tasks,
  };
  writeJsonAtomic(join(slurmDir, 'batch.json'), record);
  log(`medgrade: submitted Slurm job ${jobId} (${tasks.length} tasks, inner runner ${opts.inner}); collect with: medgrade collect ${out}`);
  if (opts.detach) return { jobId, out, tasks: tasks.length };
  await waitBatch(out, { log, ...(opts.pollMs ? { pollMs: opts.pollMs } : {}) });
  const collected = await collectBatch(out, { pdf: opts.pdf ?? false, report: opts.report ?? true, log });
  return { jobId, out, tasks: tasks.length, collected };
}

/** Polls squeue until every task has left the queue, printing a line when the counts change. */
export async function waitBatch(out: string, opts: { pollMs?: number; log?: (line: string) => void } = {}): Promise<void> {
  const b = readSlurmBatch(out);
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  let last = '';
  let emptyPolls = 0;
  for (;;) {
    const queued = queuedStates(b.jobId) ?? new Map<number, string>();
    const open = [...queued.values()].filter((s) => !isFinal(s));
    const running = open.filter((s) => s === 'RUNNING').length;
    const line = `slurm job ${b.jobId}: ${b.tasks.length - open.length}/${b.tasks.length} done, ${running} running, ${open.length - running} queued`;
    if (line !== last) { log(line); last = line; }
    if (open.length === 0) {
      // The completion record can lag squeue by a moment; wait for it, but not forever.
      if (finishedStates(b.jobId).size >= b.tasks.length || ++emptyPolls >= 5) return;
    } else emptyPolls = 0;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000));
  }
}

function freshResult(out: string, id: string, since: string): boolean {
  const file = join(out, id, 'result.json');
  if (!existsSync(file)) return false;
  const parsed = resultSchema.safeParse((() => { try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return null; } })());
  return parsed.success && Date.parse(parsed.data.provenance.finishedAt) >= Date.parse(since);
}

/**
 * `medgrade collect DIR`: every task of the batch gets a row. A task that ended
 * without a fresh result.json becomes a `failed` result naming its Slurm state;
 * then the gradebook and (unless report is false) the reports are written.
 */
export async function collectBatch(out: string, opts: { pdf?: boolean; report?: boolean; log?: (line: string) => void } = {}): Promise<CollectOutcome> {
  const dir = resolve(out);
  const b = readSlurmBatch(dir);
  const queued = queuedStates(b.jobId) ?? new Map<number, string>();
  const finished = finishedStates(b.jobId);
  const pending: string[] = [];
  for (const task of b.tasks) {
    if (freshResult(dir, task.id, b.submittedAt)) continue;
    const q = queued.get(task.index);
    if (q && !isFinal(q)) { pending.push(task.id); continue; }
    const state = finished.get(task.index) ?? q ?? 'UNKNOWN';
    const why = state === 'UNKNOWN'
      ? `slurm task ${b.jobId}_${task.index} left the queue without a result or a recorded state (cancelled before it started?)`
      : state === 'COMPLETED'
      ? `slurm task ${b.jobId}_${task.index} completed without writing a result (see .slurm/logs/${b.jobId}_${task.index}.out)`
      : `slurm task ${b.jobId}_${task.index} ended ${state} (see .slurm/logs/${b.jobId}_${task.index}.out)`;
    writeJsonAtomic(join(dir, task.id, 'result.json'), slurmFailedResult(b, task, why, hostname()));
  }
  const results = readResults(dir).raw;
  const gradebook = writeGradebook(dir, results);
  if (opts.report !== false) await renderReports(dir, { pdf: opts.pdf ?? false, ...(opts.log ? { log: opts.log } : {}) });
  const ids = new Set(b.tasks.map((t) => t.id));
  const mine = results.filter((r) => ids.has(r.submission));
  const count = (s: string) => mine.filter((r) => r.status === s).length;
  return { graded: count('graded'), invalid: count('invalid'), failed: count('failed'), pending, gradebook };
}
