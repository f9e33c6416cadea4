import { existsSync, readFileSync } from 'node:fs';
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
  /** The rubric's notebook entry (path relative to the submission root, limits, dataDir). */
  rule: NotebookRule;
  /** Host folder with a writable copy of the submission; the caller makes the copy. */
  workCopy: string;
  /** Host folder with the course dataset, mounted read-only at <notebook folder>/<rule.dataDir>; null for none. */
  dataHost: string | null;
  /** Host folder that receives the executed notebook and the summary. */
  outDir: string;
  python: PythonEnv;
  /** Limits other than wall time and memory, which come from the rule. */
  baseLimits?: Partial<Limits>;
  trace: boolean;
  env?: Record<string, string>;
  /** Host folder holding run_notebook.py; this package's harness/container by default. */
  harnessDir?: string;
}

export interface NotebookPhase {
  spec: PhaseSpec;
  /** Host paths the executor writes (inside outDir). */
  executedPath: string;
  summaryPath: string;
}

/** File-name-safe stem for a notebook path, so two notebooks never share output names. */
function stem(path: string): string {
  return path.replace(/\.ipynb$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * The PhaseSpec that executes one notebook in the sandbox: the submission copy
 * is the writable /work, the notebook's folder is the working directory, the data
 * sits read-only inside it at <dataDir>, and the executor is read-only at /harness.
 */
export function notebookPhase(input: NotebookPhaseInput): NotebookPhase {
  const { rule } = input;
  const nbRel = posix.normalize(rule.path).replace(/^\/+/, '');
  if (nbRel.startsWith('..')) throw new Error(`notebook path escapes the submission: ${rule.path}`);
  const nbTarget = posix.join(NOTEBOOK_PATHS.work, nbRel);
  const workdir = posix.dirname(nbTarget);
  const name = stem(nbRel);
  const executedName = `${name}.executed.ipynb`;
  const summaryName = `${name}.summary.json`;
  const mounts: PhaseSpec['mounts'] = [
    { host: input.workCopy, target: NOTEBOOK_PATHS.work, writable: true },
    { host: input.outDir, target: NOTEBOOK_PATHS.out, writable: true },
    { host: input.harnessDir ?? defaultHarnessDir(), target: NOTEBOOK_PATHS.harness },
  ];
  if (input.dataHost) mounts.push({ host: input.dataHost, target: posix.join(workdir, rule.dataDir) });
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
    env: input.env ?? {},
    limits,
    python: input.python,
    trace: input.trace,
  };
  return { spec, executedPath: join(input.outDir, executedName), summaryPath: join(input.outDir, summaryName) };
}

const summarySchema = z.object({
  cells: z.number().int().nonnegative(),
  executed: z.number().int().nonnegative(),
  error: z.object({ cell: z.number().int().nonnegative(), ename: z.string(), evalue: z.string(), traceback: z.string() }).nullable(),
  timedOutCell: z.number().int().nonnegative().nullable(),
  kernel: z.string(),
  cellSeconds: z.array(z.number()),
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
      path: input.rule.path,
      record: outcome.record,
      events: outcome.events,
      summary: readNotebookSummary(summaryPath),
      executedPath: existsSync(executedPath) ? executedPath : null,
    },
    outputEscapes: outcome.outputEscapes ?? [],
  };
}
