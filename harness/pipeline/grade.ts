import { copyFileSync, existsSync, lstatSync, mkdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../schema/finding.js';
import { finding, uniqueFindings } from '../schema/finding.js';
import { resultSchema, type Result, type RunRecord } from '../schema/result.js';
import type { LoadedRubric } from '../rubric/load.js';
import type { ReferenceFile } from '../schema/reference.js';
import type { PythonEnv, Runner } from '../runners/types.js';
import type { Check } from '../checks/types.js';
import { writeJsonAtomic } from '../util/fs.js';
import { harnessVersion } from '../version.js';
import { unpack } from './unpack.js';
import type { Discovered } from '../intake/discover.js';
import { validate } from '../checks/validation/index.js';
import { runChecks } from '../checks/registry.js';
import { runSubmission, phaseSucceeded } from './run.js';
import { collectClaims, collectHistory, extractCsvClaims } from './collect.js';
import { phaseFindings, notebookFindings } from '../checks/runtime/phases.js';
import { notebookEvidence } from '../checks/runtime/access.js';
import { claimFindings, finalValidation, metricAnomaly, performanceMetric } from '../checks/claims.js';
import { referenceBands, scoreSubmission } from './score.js';
import { taskKind } from '../tasks/index.js';
import type { PreparedData } from './data.js';
import type { Ran } from './types.js';

export interface GradeContext {
  rubric: LoadedRubric;
  runner: Runner;
  python: PythonEnv & { findings: Finding[] };
  data: PreparedData;
  reference: ReferenceFile | null;
  /** Post-run checks (static leakage, runtime access...). */
  checks: Check[];
  /** Folder of the whole batch; each submission gets <outRoot>/<id>/. */
  outRoot: string;
  trace: boolean;
  notebooks: boolean;
}

/** Class names for reports: binary as [negative, positive] so charts label the confusion matrix right. */
function resultClasses(rubric: LoadedRubric['rubric']): { classes?: string[] } {
  const { kind, classes, positiveClass } = rubric.task;
  if (kind === 'binary-classification' && classes.length === 2) {
    const positive = positiveClass ?? classes[1]!;
    return { classes: [classes.find((c) => c !== positive) ?? classes[0]!, positive] };
  }
  return kind === 'multiclass-classification' ? { classes } : {};
}

function invalidReason(findings: Finding[]): string {
  const blocking = findings.filter((f) => f.severity === 'error').slice(0, 3).map((f) => f.message);
  return `The submission is invalid, so nothing was run: ${blocking.join(' ') || 'intake refused it.'}`;
}

/** Copies a phase output beside result.json; links and special files are never followed (collect already flagged them). */
function copyArtifact(from: string | null, outDir: string, name: string, artifacts: Record<string, string>): void {
  if (from && existsSync(from) && lstatSync(from).isFile()) {
    copyFileSync(from, join(outDir, name));
    artifacts[name.replace(/\..*$/, '')] = name;
  }
}

/**
 * Grades one submission through every stage and writes <outRoot>/<id>/result.json.
 * Whatever the submission does becomes part of the result; only a failure of the
 * harness itself throws (the batch turns that into a `failed` result).
 */
export async function gradeOne(discovered: Discovered, ctx: GradeContext, inputHash: string): Promise<Result> {
  const startedAt = new Date().toISOString();
  const { rubric } = ctx.rubric;
  const workRoot = join(ctx.outRoot, '.work', discovered.id);
  rmSync(workRoot, { recursive: true, force: true });
  mkdirSync(workRoot, { recursive: true });
  try {
    const sub = await unpack(discovered, join(workRoot, 'submission'));
    const outDir = join(ctx.outRoot, sub.id);
    mkdirSync(outDir, { recursive: true });
    const findings: Finding[] = [...sub.findings, ...ctx.python.findings];
    let invalid: string | null = null;
    let ran: Ran | null = null;
    const artifacts: Record<string, string> = {};
    if (sub.rejected) {
      invalid = invalidReason(findings);
    } else {
      const validated = await validate(sub, rubric);
      findings.push(...validated.findings);
      if (validated.blocking) invalid = invalidReason(validated.findings);
    }
    if (!ctx.runner.isolated) {
      findings.push(finding({ check: 'run/runner', kind: 'environment-mismatch', severity: 'info', file: 'runner',
        message: 'This run used the local runner: no isolation, no network block, no memory limit. Official grading runs in a sandbox.',
        fix: 'Nothing to fix; expect the official run to be stricter.' }));
    }
    const task = taskKind(rubric.task.layout);
    let measured = task.measure(rubric, ctx.data.hidden, null);
    if (invalid === null) {
      ran = await runSubmission(sub, rubric, { runner: ctx.runner, python: ctx.python, data: ctx.data, workDir: join(workRoot, 'runs'), trace: ctx.trace, notebooks: ctx.notebooks });
      const predict = ran.phases.find((p) => p.record.phase === 'predict');
      const train = ran.phases.find((p) => p.record.phase === 'train');
      for (const p of ran.phases) findings.push(...phaseFindings(p.record));
      for (const nb of ran.notebooks) findings.push(...notebookFindings(nb));
      for (const e of ran.escapes) {
        findings.push(finding({ check: 'run/outputs', kind: 'output-escape', severity: 'error', file: e.phase,
          message: `The ${e.phase} phase left links or special files in its output folder (${e.paths.slice(0, 5).join(', ')}); they were not copied or read.`,
          fix: 'Write plain files only; do not create symbolic or hard links in the output folder.' }));
      }
      const predictionsPath = predict && rubric.phases.predict?.outputs.predictions
        ? join(predict.outDir, rubric.phases.predict.outputs.predictions.replace(/^\/out\/?/, '')) : null;
      const predictions = predict && phaseSucceeded(predict.record)
        ? task.collect(predict.outDir, rubric, ctx.data.hidden, findings) : null;
      const historyPath = train && rubric.phases.train?.outputs.history
        ? join(train.outDir, rubric.phases.train.outputs.history.replace(/^\/out\/?/, '')) : null;
      const history = historyPath ? collectHistory(historyPath, findings) : null;
      const claims = [...collectClaims(ran.notebooks), ...extractCsvClaims(sub.root, sub.files)];
      measured = task.measure(rubric, ctx.data.hidden, predictions);
      findings.push(...claimFindings(claims, measured.metrics, measured.n));
      findings.push(...await runChecks(ctx.checks, { submission: sub, rubric, ran, collected: { predictions, history, claims, findings: [] } }));
      for (const nb of ran.notebooks) {
        const dataDir = rubric.notebooks.find((r) => r.path === nb.path)?.dataDir ?? '';
        findings.push(...notebookEvidence(nb.path, dataDir, nb.events, findings, nb.summary?.cellStarted));
      }
      copyArtifact(historyPath, outDir, 'history.csv', artifacts);
      copyArtifact(predictionsPath, outDir, 'predictions.csv', artifacts);
      ran.notebooks.forEach((nb, i) => copyArtifact(nb.executedPath, outDir, `executed-${i}.ipynb`, artifacts));
      const metric = performanceMetric(rubric);
      if (metric) {
        const band = referenceBands(rubric, measured, ctx.reference).byMetric[metric];
        findings.push(...metricAnomaly(metric, measured.metrics[metric] ?? null, finalValidation(history, metric), band?.high ?? null));
      }
    }
    if (!ctx.reference && rubric.metrics.length > 0) {
      findings.push(finding({ check: 'score/reference', kind: 'reference-missing', severity: 'info', file: 'reference', audience: 'instructor',
        message: `No reference results for "${rubric.reference.id}" were found, so no band was applied and the performance points are pending.`,
        fix: `Run \`medgrade reference run ${rubric.reference.id}\` and commit reference/results/${rubric.reference.id}.json.` }));
    }
    const bands = referenceBands(rubric, measured, ctx.reference);
    const unique = uniqueFindings(findings);
    const scored = scoreSubmission(rubric, measured, bands, unique, invalid);
    if (measured.roc) {
      writeJsonAtomic(join(outDir, 'roc.json'), measured.roc);
      artifacts.roc = 'roc.json';
    }
    const runs: RunRecord[] = ran ? [...ran.phases.map((p) => p.record), ...ran.notebooks.map((n) => ({ ...n.record, phase: `notebook ${n.path}` }))] : [];
    const result: Result = resultSchema.parse({
      schemaVersion: 1, submission: sub.id, group: sub.group, assignment: rubric.id,
      status: invalid === null ? 'graded' : 'invalid',
      ...scored, metrics: measured.metrics, confusion: measured.confusion,
      ...(measured.perClass ? { perClass: measured.perClass } : {}),
      ...resultClasses(rubric),
      reference: { id: rubric.reference.id, status: ctx.reference ? 'found' : 'missing', bands: bands.rows },
      findings: unique, runs, artifacts,
      provenance: {
        harnessVersion: harnessVersion(), rubricHash: ctx.rubric.hash, submissionHash: sub.hash, inputHash,
        dataHashes: ran?.dataHashes ?? { [rubric.task.dataset]: ctx.data.hash },
        environment: ctx.python.versions, runner: ctx.runner.name, seeds: { rubric: rubric.seed },
        startedAt, finishedAt: new Date().toISOString(), host: hostname(),
      },
    });
    writeJsonAtomic(join(outDir, 'result.json'), result);
    return result;
  } finally {
    rmSync(workRoot, { recursive: true, force: true });
  }
}
