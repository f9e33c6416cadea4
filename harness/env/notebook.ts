import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { MedgradeError } from '../errors.js';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { limitsSchema, type notebookSchema, type Limits } from '../rubric/schema.js';
import type { NotebookRun, NotebookSummary } from '../pipeline/types.js';
import type { PhaseSpec, PythonEnv, Runner } from '../runners/types.js';

export type NotebookRule = z.infer<typeof notebookSchema>;

/** Sandbox paths the notebook phase uses. */
export const NOTEBOOK_PATHS = { work: '/work', out: '/out', harness: '/harness' } as const;

export function defaultHarnessDir(): string {
  return fileURLToPath(new URL('../container/', import.meta.url));
}

export interface NotebookPhaseInput {
  /** Host folder of the unpacked submission; it is copied, never written. */
  submissionRoot: string;
  /** The rubric's notebook entry (path relative to the submission root, limits, dataDir). */
  notebook: NotebookRule;
  /** Host folder with the course dataset, mounted read-only at <notebook folder>/<notebook.dataDir>; null for none. */
  dataDir: string | null;
  /** Host scratch folder for this notebook: gets work/ (the writable copy) and out/. */
  workDir: string;
  python: PythonEnv;
  trace: boolean;
  /** Exported as MEDGRADE_SEED. */
  seed?: number;
  /** Limits other than wall time and memory, which come from the notebook rule. */
  baseLimits?: Partial<Limits>;
  env?: Record<string, string>;
  /** Host folder holding run_notebook.py; this package's harness/container by default. */
  harnessDir?: string;
}

export interface NotebookPhase {
  spec: PhaseSpec;
  /** Host paths the executor writes (inside <workDir>/out). */
  executedPath: string;
  summaryPath: string;
  /** Host folder of the writable submission copy, after the run holding what the notebook wrote. */
  workCopy: string;
}

/** File-name-safe stem for a notebook path, so two notebooks never share output names. */
function stem(path: string): string {
  return path.replace(/\.ipynb$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * The PhaseSpec that executes one notebook: a fresh copy of the submission is the
 * writable /work, the notebook's folder is the working directory, the data sits
 * read-only inside it at <dataDir>, and the executor is read-only at /harness.
 * Creates <workDir>/work (the copy) and <workDir>/out.
 */
export function notebookPhase(input: NotebookPhaseInput): NotebookPhase {
  const rule = input.notebook;
  const nbRel = posix.normalize(rule.path).replace(/^\/+/, '');
  if (nbRel.startsWith('..')) throw new MedgradeError('E_USAGE', `notebook path escapes the submission: ${rule.path}`);
  const workCopy = join(input.workDir, 'work');
  const outDir = join(input.workDir, 'out');
  rmSync(workCopy, { recursive: true, force: true });
  // Links are copied as links, never followed; the sandbox runner drops them when staging.
  cpSync(input.submissionRoot, workCopy, { recursive: true, dereference: false, verbatimSymlinks: true });
  mkdirSync(outDir, { recursive: true });
  const nbTarget = posix.join(NOTEBOOK_PATHS.work, nbRel);
  const workdir = posix.dirname(nbTarget);
  const name = stem(nbRel);
  const executedName = `${name}.executed.ipynb`;
  const summaryName = `${name}.summary.json`;
  const mounts: PhaseSpec['mounts'] = [
    { host: workCopy, target: NOTEBOOK_PATHS.work, writable: true },
    { host: outDir, target: NOTEBOOK_PATHS.out, writable: true },
    { host: input.harnessDir ?? defaultHarnessDir(), target: NOTEBOOK_PATHS.harness },
  ];
  if (input.dataDir) mounts.push({ host: input.dataDir, target: posix.join(workdir, rule.dataDir) });
  const limits = limitsSchema.parse({ ...input.baseLimits, wallSeconds: rule.totalSeconds, memoryMb: rule.memoryMb });
  const spec: PhaseSpec = {
    phase: `notebook:${nbRel}`,
    command: [
      'python', posix.join(NOTEBOOK_PATHS.harness, 'run_notebook.py'), nbTarget,
      '--out', posix.join(NOTEBOOK_PATHS.out, executedName),
      '--summary', posix.join(NOTEBOOK_PATHS.out, summaryName),
      '--cell-timeout', String(rule.cellSeconds),
    ],
    workdir,
    mounts,
    env: { ...(input.seed !== undefined ? { MEDGRADE_SEED: String(input.seed) } : {}), ...input.env },
    limits,
    python: input.python,
    trace: input.trace,
  };
  return { spec, executedPath: join(outDir, executedName), summaryPath: join(outDir, summaryName), workCopy };
}

const summarySchema = z.object({
  cells: z.number().int().nonnegative(),
  executed: z.number().int().nonnegative(),
  error: z.object({ cell: z.number().int().nonnegative(), ename: z.string(), evalue: z.string(), traceback: z.string() }).nullable(),
  timedOutCell: z.number().int().nonnegative().nullable(),
  kernel: z.string(),
  cellSeconds: z.array(z.number()),
  cellStarted: z.array(z.number()).optional(),
});

/** Reads the executor's summary; null when it is missing or malformed (the sandbox wrote it: untrusted). */
export function readNotebookSummary(file: string): NotebookSummary | null {
  try {
    const text = readFileSync(file, 'utf8');
    if (text.length > 1 << 20) return null;
    const parsed = summarySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}


/**
 * Builds the phase, runs it and reads what the executor left: the pipeline's
 * NotebookRun. Output escapes are in the second field for an output-escape finding.
 */
export async function runNotebook(runner: Runner, input: NotebookPhaseInput): Promise<{ run: NotebookRun; outputEscapes: string[] }> {
  const { spec, executedPath, summaryPath } = notebookPhase(input);
  const outcome = await runner.run(spec);
  return {
    run: {
      path: input.notebook.path,
      record: outcome.record,
      events: outcome.events,
      summary: readNotebookSummary(summaryPath),
      executedPath: existsSync(executedPath) ? executedPath : null,
    },
    outputEscapes: outcome.outputEscapes ?? [],
  };
}
