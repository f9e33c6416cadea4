import type { Result } from '../schema/result.js';
import { harnessVersion } from '../version.js';

export interface FailedResultInput {
  submission: string;
  group: number | null;
  assignment: string;
  failure: string;
  maxScore: number;
  reference: { id: string; found: boolean };
  rubricHash: string;
  inputHash: string;
  environment: Record<string, string>;
  runner: string;
  seed: number;
  startedAt: string;
  host: string;
}

/**
 * The result of a submission the harness itself could not grade (an engine that went
 * away, a cancelled Slurm task): a row in the gradebook with the reason, retried by
 * the next run, never a missing row.
 */
export function failedResult(i: FailedResultInput): Result {
  return {
    schemaVersion: 1, submission: i.submission, group: i.group, assignment: i.assignment, status: 'failed', failure: i.failure,
    score: 0, maxScore: i.maxScore, pendingPoints: 0, criteria: [], metrics: {}, confusion: null,
    reference: { id: i.reference.id, status: i.reference.found ? 'found' : 'missing', bands: [] },
    findings: [], runs: [], artifacts: {},
    provenance: {
      harnessVersion: harnessVersion(), rubricHash: i.rubricHash, submissionHash: '', inputHash: i.inputHash,
      dataHashes: {}, environment: i.environment, runner: i.runner, seeds: { rubric: i.seed },
      startedAt: i.startedAt, finishedAt: new Date().toISOString(), host: i.host,
    },
  };
}
