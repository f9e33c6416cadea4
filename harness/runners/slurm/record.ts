import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ParseError } from '../../errors.js';
import type { Result } from '../../schema/result.js';
import { harnessVersion } from '../../version.js';

/** <out>/.slurm/batch.json: what collect needs to turn a missing result into a `failed` row. */
export const slurmBatchSchema = z.object({
  jobId: z.string(),
  submittedAt: z.string(),
  rubric: z.string(),
  inner: z.enum(['sandbox', 'docker']),
  assignment: z.string(),
  rubricHash: z.string(),
  maxScore: z.number(),
  seed: z.number(),
  reference: z.object({ id: z.string(), found: z.boolean() }),
  environment: z.record(z.string(), z.string()),
  tasks: z.array(z.object({
    index: z.number().int(), id: z.string(), group: z.number().int().nullable(), input: z.string(), inputHash: z.string(),
  })),
});
export type SlurmBatch = z.infer<typeof slurmBatchSchema>;

export const slurmDirOf = (out: string) => join(out, '.slurm');

export function readSlurmBatch(out: string): SlurmBatch {
  const file = join(slurmDirOf(out), 'batch.json');
  let raw: unknown;
  try { raw = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new ParseError(`not a Slurm batch folder: ${(e as Error).message}`, file); }
  const parsed = slurmBatchSchema.safeParse(raw);
  if (!parsed.success) throw new ParseError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), file);
  return parsed.data;
}

/**
 * A task that ended without a result (failed, timed out, killed for memory,
 * cancelled) still gets a row: the same shape harness/batch.ts writes when
 * grading throws, with the Slurm state as the reason.
 */
export function slurmFailedResult(b: SlurmBatch, task: SlurmBatch['tasks'][number], failure: string, host: string): Result {
  const now = new Date().toISOString();
  return {
    schemaVersion: 1, submission: task.id, group: task.group, assignment: b.assignment, status: 'failed', failure,
    score: 0, maxScore: b.maxScore, pendingPoints: 0, criteria: [], metrics: {}, confusion: null,
    reference: { id: b.reference.id, status: b.reference.found ? 'found' : 'missing', bands: [] },
    findings: [], runs: [], artifacts: {},
    provenance: {
      harnessVersion: harnessVersion(), rubricHash: b.rubricHash, submissionHash: '', inputHash: task.inputHash,
      dataHashes: {}, environment: b.environment, runner: `slurm+${b.inner}`, seeds: { rubric: b.seed },
      startedAt: b.submittedAt, finishedAt: now, host,
    },
  };
}
