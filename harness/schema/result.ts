import { z } from 'zod';
import { findingSchema } from './finding.js';

export const criterionResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  points: z.number(),
  maxPoints: z.number(),
  status: z.enum(['scored', 'pending']),
  /** Every point lost, and why: `points` is the number lost (positive; 0 for a note). Empty when full points were given. */
  reasons: z.array(z.object({ points: z.number().nonnegative(), reason: z.string() })),
  instructorOnly: z.boolean().default(false),
});

export const runRecordSchema = z.object({
  phase: z.string(),
  runner: z.string(),
  command: z.array(z.string()),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  timedOut: z.boolean(),
  oomKilled: z.boolean(),
  wallSeconds: z.number(),
  cpuSeconds: z.number().nullable(),
  peakMemoryMb: z.number().nullable(),
  stdoutTail: z.string(),
  stderrTail: z.string(),
  stdoutBytes: z.number(),
  stderrBytes: z.number(),
  /** What the runner could enforce, e.g. ["network","memory","pids"]; empty for local. */
  isolation: z.array(z.string()),
  skipped: z.string().optional().describe('Why the phase did not run, when it did not.'),
});

export const metricBandSchema = z.object({
  metric: z.string(),
  value: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  mean: z.number().nullable(),
  within: z.boolean().nullable(),
});

export const provenanceSchema = z.object({
  harnessVersion: z.string(),
  rubricHash: z.string(),
  submissionHash: z.string(),
  /** Hash of the raw inputs as uploaded; with rubricHash, the key that lets a batch resume. */
  inputHash: z.string().default(""),
  dataHashes: z.record(z.string(), z.string()),
  environment: z.record(z.string(), z.string()),
  runner: z.string(),
  seeds: z.record(z.string(), z.number()),
  startedAt: z.string(),
  finishedAt: z.string(),
  host: z.string(),
});

export const resultSchema = z.object({
  schemaVersion: z.literal(1),
  submission: z.string(),
  group: z.number().int().nullable(),
  assignment: z.string(),
  status: z.enum(['invalid', 'graded', 'failed']),
  /** Why the harness itself failed; set only when status is "failed". */
  failure: z.string().optional(),
  score: z.number(),
  maxScore: z.number(),
  pendingPoints: z.number(),
  criteria: z.array(criterionResultSchema),
  metrics: z.record(z.string(), z.number().nullable()),
  confusion: z.object({ tp: z.number(), fp: z.number(), tn: z.number(), fn: z.number() }).nullable(),
  /** The rubric's class names; for binary tasks [negative, positive], for chart labels. */
  classes: z.array(z.string()).optional(),
  /** Multiclass tasks: per-class precision, recall, F1 and support on the hidden test set, by class name. */
  perClass: z.record(z.string(), z.object({
    precision: z.number(), recall: z.number().nullable(), f1: z.number().nullable(), support: z.number().int(),
  })).optional(),
  reference: z.object({
    id: z.string(),
    status: z.enum(['found', 'missing']),
    bands: z.array(metricBandSchema),
  }),
  findings: z.array(findingSchema),
  runs: z.array(runRecordSchema),
  /** Files beside result.json that renderers use (charts, executed notebook, history CSV). */
  artifacts: z.record(z.string(), z.string()),
  provenance: provenanceSchema,
});

export type CriterionResult = z.infer<typeof criterionResultSchema>;
export type RunRecord = z.infer<typeof runRecordSchema>;
export type Provenance = z.infer<typeof provenanceSchema>;
export type Result = z.infer<typeof resultSchema>;
