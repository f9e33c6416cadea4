import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ParseError } from '../../errors.js';
import type { Result } from '../../schema/result.js';
import { failedResult } from '../../pipeline/failed.js';

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
  return failedResult({
    submission: task.id, group: task.group, assignment: b.assignment, failure, maxScore: b.maxScore,
    reference: b.reference, rubricHash: b.rubricHash, inputHash: task.inputHash, environment: b.environment,
    runner: `slurm+${b.inner}`, seed: b.seed, startedAt: b.submittedAt, host,
  });
}
