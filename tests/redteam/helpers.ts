import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { discoverSubmissions } from '../../harness/intake/discover.js';
import { createContext } from '../../harness/context.js';
import { gradeBatch } from '../../harness/batch.js';
import type { GradeContext } from '../../harness/pipeline/grade.js';
import type { Result } from '../../harness/schema/result.js';

export const ROOT = join(import.meta.dirname, '../..');
export const HOSTILE = join(ROOT, 'tests/fixtures/hostile');
export const GOOD = join(ROOT, 'tests/fixtures/trivial/passes');

/** Short limits: the attacks must hit them quickly on a shared 2-core machine. */
export const LIMITS = { wallSeconds: 15, cpuSeconds: 3, memoryMb: 256, pids: 32, diskMb: 48, logBytes: 4096 };

/** A copy of the trivial rubric with LIMITS on both phases (and any extra top-level keys). */
export function redteamRubric(extra: Record<string, unknown> = {}): string {
  const rubric = parse(readFileSync(join(ROOT, 'tests/fixtures/rubrics/trivial.yaml'), 'utf8')) as Record<string, any>;
  rubric.phases.train.limits = { ...LIMITS };
  rubric.phases.predict.limits = { ...LIMITS };
  Object.assign(rubric, extra);
  const path = join(mkdtempSync(join(tmpdir(), 'redteam-rubric-')), 'redteam.yaml');
  writeFileSync(path, stringify(rubric));
  return path;
}

/** A batch folder: "Group 1 - good" plus one group per attack (group 2, 3...), in the given order. */
export function cohort(attacks: string[], good = true): { dir: string; groupOf: Map<string, number> } {
  const dir = mkdtempSync(join(tmpdir(), 'redteam-cohort-'));
  if (good) cpSync(GOOD, join(dir, 'Group 1 - good'), { recursive: true });
  const groupOf = new Map<string, number>();
  attacks.forEach((name, i) => {
    groupOf.set(name, i + 2);
    cpSync(join(HOSTILE, name), join(dir, `Group ${i + 2} - ${name}`), { recursive: true });
  });
  return { dir, groupOf };
}

export function groupDir(dir: string, group: number, name: string): string {
  return join(dir, `Group ${group} - ${name}`);
}

export async function context(rubric: string, runner: 'sandbox' | 'local' | 'docker', trace: boolean): Promise<GradeContext> {
  return createContext({ rubric, out: mkdtempSync(join(tmpdir(), `redteam-${runner}-`)), runner, python: '/usr/bin/python3', trace, notebooks: true, log: () => {} });
}

export async function grade(ctx: GradeContext, dir: string, jobs = 2): Promise<Map<number, Result>> {
  const { results } = await gradeBatch(discoverSubmissions([dir]), ctx, { jobs, force: true });
  return new Map(results.map((r) => [r.group!, r]));
}

/** Everything a run printed, to look for the MEDGRADE-EVIDENCE lines of the fixtures. */
export function printed(r: Result): string {
  return r.runs.map((x) => `${x.stdoutTail}\n${x.stderrTail}`).join('\n');
}

export function kinds(r: Result): string[] {
  return [...new Set(r.findings.map((f) => f.kind))].sort();
}

/** What must not change for the good submission when attackers share its batch. */
export function verdict(r: Result): unknown {
  return { status: r.status, score: r.score, criteria: r.criteria.map((c) => ({ id: c.id, points: c.points })), metrics: r.metrics,
    kinds: kinds(r), exits: r.runs.map((x) => [x.phase, x.exitCode, x.timedOut, x.oomKilled]) };
}
