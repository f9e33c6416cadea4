import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import pLimit from 'p-limit';
import { resultSchema, type Result } from './schema/result.js';
import type { Discovered } from './intake/discover.js';
import { gradeOne, type GradeContext } from './pipeline/grade.js';
import { createProgress } from './progress.js';
import { writeJsonAtomic } from './util/fs.js';
import { failedResult } from './pipeline/failed.js';

/** Hash of the raw inputs (zip bytes or folder files, plus the report): the resume key with the rubric hash. */
export function inputHash(d: Discovered): string {
  const h = createHash('sha256');
  const add = (path: string, rel: string) => {
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const name of readdirSync(path).sort()) add(join(path, name), `${rel}/${name}`);
    } else if (st.isFile()) {
      h.update(`${rel}\0${st.size}\0`);
      h.update(readFileSync(path));
    }
  };
  for (const src of [d.package, d.report]) if (src && existsSync(src)) add(src, src.split('/').pop()!);
  return h.digest('hex');
}

function previous(outRoot: string, id: string): Result | null {
  const path = join(outRoot, id, 'result.json');
  if (!existsSync(path)) return null;
  try {
    return resultSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return null; // A half-written or tampered result is regraded, never trusted.
  }
}

export interface BatchOptions {
  jobs: number;
  /** Regrade even when an up-to-date result exists. */
  force?: boolean;
}

export interface BatchOutcome {
  results: Result[];
  skipped: string[];
}

/**
 * Grades submissions in parallel. Resumable: a submission whose result.json
 * exists for the same inputs and rubric (and did not fail) is skipped, and each
 * result is written atomically, so a batch killed at any point loses at most the
 * submissions that were running. One submission's failure never stops the rest.
 */
export async function gradeBatch(subs: Discovered[], ctx: GradeContext, opts: BatchOptions): Promise<BatchOutcome> {
  // What a killed earlier run left behind (cgroups, mounts, scratch folders) goes first.
  await ctx.runner.cleanupStale?.();
  rmSync(join(ctx.outRoot, '.work'), { recursive: true, force: true });
  const progress = createProgress(subs.length, `grading ${ctx.rubric.rubric.id}`);
  const limit = pLimit(Math.max(1, opts.jobs));
  const skipped: string[] = [];
  const results = await Promise.all(subs.map((d) => limit(async (): Promise<Result> => {
    const key = inputHash(d);
    const prior = opts.force ? null : previous(ctx.outRoot, d.id);
    if (prior && prior.status !== 'failed' && prior.provenance.inputHash === key && prior.provenance.rubricHash === ctx.rubric.hash) {
      skipped.push(d.id);
      progress.done(d.id, `unchanged, kept (${prior.status}, ${prior.score}/${prior.maxScore})`);
      return prior;
    }
    progress.start(d.id);
    const startedAt = new Date().toISOString();
    let result: Result;
    try {
      result = await gradeOne(d, ctx, key);
    } catch (error) {
      const { rubric } = ctx.rubric;
      result = failedResult({
        submission: d.id, group: d.group, assignment: rubric.id,
        failure: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        maxScore: rubric.criteria.reduce((a, c) => a + c.points, 0),
        reference: { id: rubric.reference.id, found: ctx.reference !== null }, rubricHash: ctx.rubric.hash, inputHash: key,
        environment: ctx.python.versions, runner: ctx.runner.name, seed: rubric.seed, startedAt, host: hostname(),
      });
      writeJsonAtomic(join(ctx.outRoot, d.id, 'result.json'), result);
    }
    const pending = result.pendingPoints ? `, ${result.pendingPoints} pending` : '';
    progress.done(d.id, `${result.status}, ${result.score}/${result.maxScore}${pending}${result.failure ? ` (${result.failure})` : ''}`);
    return result;
  })));
  progress.finish();
  return { results, skipped };
}
