import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Rubric, Phase } from '../rubric/schema.js';
import type { PhaseSpec, PythonEnv, Runner } from '../runners/types.js';
import type { RunRecord } from '../schema/result.js';
import { runNotebook } from '../env/notebook.js';
import type { PreparedData } from './data.js';
import type { NotebookRun, PhaseRun, Ran, Unpacked } from './types.js';

export interface RunOptions {
  runner: Runner;
  python: PythonEnv;
  data: PreparedData;
  /** Host folder for this submission's phase outputs. */
  workDir: string;
  trace: boolean;
  /** Skip notebook execution (self-check smoke runs). */
  notebooks: boolean;
}

/** Threads pinned to one so runs are repeatable and parallel jobs don't fight for cores. */
const PHASE_ENV = { OMP_NUM_THREADS: '1', TF_NUM_INTRAOP_THREADS: '1', TF_NUM_INTEROP_THREADS: '1', TF_CPP_MIN_LOG_LEVEL: '2', PYTHONHASHSEED: '0' };

function skipped(phase: string, runner: string, reason: string): RunRecord {
  return {
    phase, runner, command: [], exitCode: null, signal: null, timedOut: false, oomKilled: false, wallSeconds: 0,
    cpuSeconds: null, peakMemoryMb: null, stdoutTail: '', stderrTail: '', stdoutBytes: 0, stderrBytes: 0,
    isolation: [], skipped: reason,
  };
}

export function phaseSucceeded(r: RunRecord): boolean {
  return r.exitCode === 0 && !r.timedOut && !r.oomKilled && !r.skipped;
}

async function runPhase(name: string, phase: Phase, spec: Omit<PhaseSpec, 'phase' | 'command' | 'limits' | 'python' | 'trace' | 'env'>, opts: RunOptions, seed: number): Promise<PhaseRun> {
  const outDir = spec.mounts.find((m) => m.target === '/out')!.host;
  const outcome = await opts.runner.run({
    ...spec, phase: name, command: phase.command, limits: phase.limits, python: opts.python, trace: opts.trace,
    env: { ...PHASE_ENV, MEDGRADE_SEED: String(seed) },
  });
  return { record: outcome.record, events: outcome.events, outDir, escapes: outcome.outputEscapes ?? [] };
}

/**
 * The run stage: train (sees train/ and val/ only), predict (sees the model and
 * renamed, unlabelled test images), then each required notebook over the course
 * layout. Labels never enter a sandbox; they stay in `data.labels`.
 */
export async function runSubmission(sub: Unpacked, rubric: Rubric, opts: RunOptions): Promise<Ran> {
  const phases: PhaseRun[] = [];
  const { train, predict } = rubric.phases;
  const runnerName = opts.runner.name;
  if (train) {
    const out = join(opts.workDir, 'train-out');
    mkdirSync(join(out, 'model'), { recursive: true });
    phases.push(await runPhase('train', train, {
      workdir: '/work',
      mounts: [
        { host: sub.root, target: '/work' },
        { host: opts.data.trainView, target: '/data' },
        { host: out, target: '/out', writable: true },
      ],
    }, opts, rubric.seed));
  }
  if (predict) {
    const trainRun = phases.find((p) => p.record.phase === 'train');
    const out = join(opts.workDir, 'predict-out');
    mkdirSync(out, { recursive: true });
    if (trainRun && !phaseSucceeded(trainRun.record)) {
      phases.push({ record: skipped('predict', runnerName, 'the train phase did not finish, so there is no model to predict with'), events: [], outDir: out, escapes: [] });
    } else {
      // A copy, so whatever predict does to its model cannot change what train produced.
      const model = join(opts.workDir, 'model');
      if (trainRun) cpSync(join(trainRun.outDir, 'model'), model, { recursive: true, dereference: false, verbatimSymlinks: true });
      else mkdirSync(model, { recursive: true });
      phases.push(await runPhase('predict', predict, {
        workdir: '/work',
        mounts: [
          { host: sub.root, target: '/work' },
          { host: model, target: '/model' },
          { host: opts.data.hiddenTest, target: '/test' },
          { host: out, target: '/out', writable: true },
        ],
      }, opts, rubric.seed));
    }
  }
  const notebooks: NotebookRun[] = [];
  const escapes: Ran['escapes'] = [];
  for (const nb of opts.notebooks ? rubric.notebooks : []) {
    if (!sub.files.includes(nb.path)) continue;
    const { run, outputEscapes } = await runNotebook(opts.runner, {
      submissionRoot: sub.root, notebook: nb, dataDir: opts.data.full, workDir: join(opts.workDir, `notebook-${notebooks.length}`),
      python: opts.python, trace: opts.trace, seed: rubric.seed, env: PHASE_ENV,
    });
    notebooks.push(run);
    if (outputEscapes.length) escapes.push({ phase: `notebook ${nb.path}`, paths: outputEscapes });
  }
  for (const p of phases) if (p.escapes.length) escapes.push({ phase: p.record.phase, paths: p.escapes });
  return { phases, notebooks, hiddenLabels: opts.data.labels, dataHashes: { [rubric.task.dataset]: opts.data.hash }, escapes };
}
