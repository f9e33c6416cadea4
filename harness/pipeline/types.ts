import type { Finding } from '../schema/finding.js';
import type { RunRecord, Result } from '../schema/result.js';
import type { LoadedRubric } from '../rubric/load.js';
import type { AccessEvent } from '../runners/types.js';

/**
 * The stages are unpack → validate → run → collect → check → score → render.
 * Each takes the previous stage's data and returns new data; only render makes text.
 */

/** unpack: a submission laid out in a folder the harness owns. */
export interface Unpacked {
  id: string;
  group: number | null;
  /** Original input path(s), for messages. */
  sources: string[];
  /** Folder holding the submission's files (never the student's original). */
  root: string;
  /** Paths relative to root, '/'-separated, sorted. */
  files: string[];
  /** Absolute path of the report PDF, inside root or uploaded beside the package. */
  report: string | null;
  /** sha256 over the relative paths and contents; part of the resume key. */
  hash: string;
  findings: Finding[];
  /** True when intake refused the input (unsafe archive...): nothing else runs. */
  rejected: boolean;
}

/** validate: static findings, and whether any blocks running. */
export interface Validated {
  findings: Finding[];
  blocking: boolean;
}

/** A phase's record plus what the runner saw it do. */
export interface PhaseRun {
  record: RunRecord;
  events: AccessEvent[];
  /** Host folder the phase could write; collect reads outputs from it. */
  outDir: string;
  /** Links and special files the phase left in its output, which were not copied out. */
  escapes: string[];
}

/** run: records of every phase that ran. */
export interface Ran {
  phases: PhaseRun[];
  /** id → label, kept outside every sandbox. */
  hiddenLabels: Map<string, string>;
  /** Executed notebooks, by rubric path: the host path of the executed .ipynb and its summary. */
  notebooks: NotebookRun[];
  dataHashes: Record<string, string>;
  /** Output escapes by phase, for `output-escape` findings. */
  escapes: { phase: string; paths: string[] }[];
}

export interface NotebookRun {
  path: string;
  record: RunRecord;
  events: AccessEvent[];
  /** Written by the in-sandbox executor; null when it did not get that far. */
  summary: NotebookSummary | null;
  executedPath: string | null;
}

export interface NotebookSummary {
  cells: number;
  executed: number;
  /** 0-based code-cell index of the failing cell, with its error. */
  error: { cell: number; ename: string; evalue: string; traceback: string } | null;
  timedOutCell: number | null;
  kernel: string;
  cellSeconds: number[];
  /** Wall-clock start of each executed code cell (epoch seconds). */
  cellStarted?: number[];
}

/** collect: outputs parsed and validated. */
export interface Collected {
  /** What the task kind's collect returned: for binary classification `{kind: 'binary', scores}` (harness/tasks). */
  predictions: unknown;
  /** Per-epoch training history from history.csv (column → values). */
  history: Record<string, number[]> | null;
  /** Metric values the notebooks print or write, e.g. {accuracy: 0.97}. */
  claims: { metric: string; value: number; where: string }[];
  findings: Finding[];
}

export interface StageContext {
  rubric: LoadedRubric;
  /** Folder for this submission's result and artifacts. */
  outDir: string;
  /** Scratch folder, deleted after grading. */
  workDir: string;
}

export type { Result };
