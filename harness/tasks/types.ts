import type { Finding } from '../schema/finding.js';
import type { Result } from '../schema/result.js';
import type { Rubric } from '../rubric/schema.js';

/**
 * A task kind says how one family of assignments lays out its data, what the predict
 * phase must write, and how that output is measured against the hidden truth. The
 * pipeline stays the same for every kind; only these three steps differ.
 *
 * Every dataset a rubric names is written in its kind's layout under train/, val/ and
 * test/ (see each kind's README line). The train phase sees train/ and val/ only.
 */
export interface HiddenSet {
  /** Host folder bound at /test in the predict phase: inputs only, renamed, metadata-free. */
  dir: string;
  /** Renamed id → its truth (a class name, or the host path of the true mask). Never mounted. */
  truth: Map<string, string>;
}

/** What measure returns: the rubric's metrics plus what reports draw. */
export interface Measured {
  /** rubric metric → value; null where the submission gave nothing usable. */
  metrics: Record<string, number | null>;
  /** Binary confusion counts at the rubric threshold; null for other kinds. */
  confusion: Result['confusion'];
  roc: { fpr: number[]; tpr: number[] } | null;
  /** Number of test examples (images, rows or volumes), for the band's binomial term. */
  n: number;
  /** Multiclass only: per-class scores by class name (recall and F1 null for a class absent from the test set). */
  perClass?: Record<string, { precision: number; recall: number | null; f1: number | null; support: number }>;
}

export interface TaskKind<P = unknown> {
  /** The rubric's task.layout value this kind serves. */
  layout: string;
  /** Builds the hidden test folder from the dataset's labelled test split. */
  hideTest(testDir: string, outDir: string, options?: { seed?: number | string }): HiddenSet;
  /**
   * Reads what the predict phase wrote (its host /out folder). Every problem becomes
   * a finding with a fix; null means nothing usable (the metrics are then null).
   */
  collect(predictOut: string, rubric: Rubric, hidden: HiddenSet, findings: Finding[]): P | null;
  /** Scores predictions (or null) against the hidden truth. Pure: no IO beyond reading truth files. */
  measure(rubric: Rubric, hidden: HiddenSet, predictions: P | null): Measured;
  /**
   * Builds the train phase's /data (train/ and val/ only) from the dataset folder and
   * returns it. Optional: without it the pipeline copies train/ and val/ as they are.
   */
  trainView?(datasetDir: string, outDir: string): string;
}
