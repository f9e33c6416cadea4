import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { loadRubric } from './rubric/load.js';
import { getRunner, type RunnerOptions } from './runners/registry.js';
import { gpuProvenance } from './runners/docker/index.js';
import { resolveEnv } from './env/python.js';
import { prepareData } from './pipeline/data.js';
import { loadReference } from './reference/band.js';
import { leakageCheck } from './checks/leakage/index.js';
import { runtimeAccessCheck } from './checks/runtime/access.js';
import { overlapCheck } from './checks/overlap/index.js';
import { MedgradeError } from './errors.js';
import { PROJECT_ROOT } from './version.js';
import type { GradeContext } from './pipeline/grade.js';

export interface ContextOptions {
  rubric: string;
  out: string;
  runner: 'sandbox' | 'local' | 'docker';
  runnerOptions?: RunnerOptions;
  /** Run with this interpreter instead of building the rubric's environment. */
  python?: string;
  cacheDir?: string;
  referenceDir?: string;
  trace?: boolean;
  notebooks?: boolean;
  /** Overrides of the rubric's dataset options (the self-check uses a tiny set). */
  datasetOptions?: Record<string, number | string | boolean>;
  log?: (line: string) => void;
}

/**
 * Outside the project on purpose: environments are mounted into the sandbox at
 * their host path, and the project may itself sit under a sandbox path such as /work.
 */
export function defaultCacheDir(): string {
  return process.env.MEDGRADE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'medgrade');
}

/**
 * Everything a batch shares, built once: rubric, runner, Python environment,
 * hidden data, reference band and checks. Fails early, with a clear message,
 * when the runner or environment cannot work, before any submission is touched.
 */
export async function createContext(opts: ContextOptions): Promise<GradeContext> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const loaded = loadRubric(opts.rubric);
  if (opts.datasetOptions) {
    loaded.rubric.task.datasetOptions = { ...loaded.rubric.task.datasetOptions, ...opts.datasetOptions };
  }
  const runner = getRunner(opts.runner, opts.runnerOptions);
  const availability = await runner.available();
  if (!availability.ok) {
    throw new MedgradeError('E_RUNNER_UNAVAILABLE', `the ${runner.name} runner cannot run here: ${availability.reason}. Use --runner local to run without isolation.`);
  }
  const outRoot = resolve(opts.out);
  mkdirSync(outRoot, { recursive: true });
  const cacheDir = resolve(opts.cacheDir ?? defaultCacheDir());
  log(`medgrade: preparing the Python environment (${opts.python ? opts.python : `${loaded.rubric.environment.kind}, cached in ${cacheDir}`})`);
  const python = await resolveEnv(loaded.rubric.environment, { cacheDir, ...(opts.python ? { python: opts.python } : {}) });
  // GPU model and driver go into every result's provenance when GPUs were asked for.
  if (opts.runnerOptions?.docker?.gpus) python.versions = { ...python.versions, ...gpuProvenance() };
  log(`medgrade: preparing the hidden data (${loaded.rubric.task.dataset})${loaded.rubric.task.pretrained.length ? ` and pretrained ${loaded.rubric.task.pretrained.join(', ')}` : ''}`);
  const data = await prepareData(loaded.rubric, cacheDir, join(outRoot, '.batch'), python.executable);
  const reference = loadReference(resolve(opts.referenceDir ?? join(PROJECT_ROOT, 'reference', 'results')), loaded.rubric.reference.id);
  const trace = opts.trace ?? true;
  return {
    rubric: loaded, runner, python, data, reference, outRoot, trace,
    notebooks: opts.notebooks ?? true,
    checks: [leakageCheck(), runtimeAccessCheck(python.roots), overlapCheck()],
  };
}
