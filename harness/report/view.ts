import type { Finding } from '../schema/finding.js';
import type { Result, RunRecord } from '../schema/result.js';
import { fmt } from './charts.js';
import { failureReason, hasLeakage, isLeakageFinding, wallSeconds } from './gradebook.js';
import type { ScoreLogEntry } from './scores.js';

/**
 * View models for the templates. The audience filter lives here, in one place:
 * the student view never carries instructor findings or instructorOnly criteria.
 */

export type Audience = 'student' | 'instructor';
export interface ChartView { name: string; title: string; svg: string; alt: string }

const CHART_TITLES: Record<string, string> = {
  bands: 'Metrics against the reference band', training: 'Training curves (history.csv)',
  confusion: 'Confusion matrix', roc: 'ROC curve',
};
export const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Errors first, then warnings, then info; stable within a severity. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** What a given audience may see of a result. */
export function visibleTo(result: Result, audience: Audience): Result {
  if (audience === 'instructor') return result;
  return {
    ...result,
    criteria: result.criteria.filter((c) => !c.instructorOnly),
    findings: result.findings.filter((f) => f.audience !== 'instructor'),
  };
}

export function findingLocation(f: Finding): string {
  const parts = [f.file];
  if (f.cell !== undefined) parts.push(`cell ${f.cell}`);
  if (f.line !== undefined) parts.push(`line ${f.line}`);
  return parts.join(', ');
}

export function verdict(r: Result): string {
  if (r.status === 'failed') return `Not graded: the grading harness failed (${r.failure ?? 'no reason recorded'}). This is not your fault; the instructors will regrade.`;
  if (r.status === 'invalid') return `Invalid submission: ${failureReason(r).replace(/^invalid: /, '')}`;
  const leak = hasLeakage(r) ? ' Data leakage was found, which zeroes the methodology score.' : '';
  const pend = r.pendingPoints > 0 ? ` ${fmtPts(r.pendingPoints)} points still await manual grading.` : '';
  return `Graded: ${fmtPts(r.score)} of ${fmtPts(r.maxScore - r.pendingPoints)} automatically gradable points.${pend}${leak}`;
}

export function fmtPts(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function tail(text: string, lines = 15): string {
  const all = text.replace(/\s+$/, '').split('\n');
  return all.slice(-lines).join('\n');
}

function runView(run: RunRecord) {
  const outcome = run.skipped ? `skipped: ${run.skipped}`
    : run.timedOut ? 'timed out' : run.oomKilled ? 'killed: out of memory'
      : run.exitCode === 0 ? 'ok' : run.exitCode !== null ? `exit code ${run.exitCode}` : `killed by ${run.signal ?? 'signal'}`;
  return {
    ...run, outcome, ok: outcome === 'ok', commandText: run.command.join(' '),
    wall: `${run.wallSeconds.toFixed(1)} s`, cpu: run.cpuSeconds === null ? 'n/a' : `${run.cpuSeconds.toFixed(1)} s`,
    memory: run.peakMemoryMb === null ? 'n/a' : `${Math.round(run.peakMemoryMb)} MB`,
    stdout: tail(run.stdoutTail), stderr: tail(run.stderrTail), isolationText: run.isolation.join(', ') || 'none (local runner)',
  };
}

export interface ReportViewOptions {
  audience: Audience;
  charts?: ChartView[];
  log?: readonly ScoreLogEntry[];
  css?: string;
  generatedAt?: string;
}

export function reportView(full: Result, opts: ReportViewOptions) {
  const r = visibleTo(full, opts.audience);
  const bandsByMetric = new Map(r.reference.bands.map((b) => [b.metric, b]));
  const findings = bySeverity(r.findings)
    .map((f) => ({ ...f, location: findingLocation(f), instructor: f.audience === 'instructor' }));
  const visibleIds = new Set(r.criteria.map((c) => c.id));
  return {
    css: opts.css ?? '', audience: opts.audience, instructor: opts.audience === 'instructor', generatedAt: opts.generatedAt ?? new Date().toISOString(),
    submission: r.submission, group: r.group, assignment: r.assignment, status: r.status, verdict: verdict(r),
    score: fmtPts(r.score), maxScore: fmtPts(r.maxScore), pendingPoints: fmtPts(r.pendingPoints), hasPending: r.pendingPoints > 0,
    percent: r.maxScore > 0 ? Math.round((100 * r.score) / r.maxScore) : 0,
    criteria: r.criteria.map((c) => ({
      ...c, pending: c.status === 'pending', pts: fmtPts(c.points), max: fmtPts(c.maxPoints),
      lost: fmtPts(c.maxPoints - c.points), full: c.status === 'scored' && c.points >= c.maxPoints,
      reasons: c.reasons.map((x) => ({ ...x, pts: fmtPts(x.points) })),
    })),
    metrics: Object.entries(r.metrics).map(([name, value]) => {
      const b = bandsByMetric.get(name);
      return { name, value: fmt(value), band: b && b.low !== null ? `${fmt(b.low)} – ${fmt(b.high)}` : 'n/a', mean: fmt(b?.mean),
        within: b?.within === true ? 'inside' : b?.within === false ? 'outside' : 'n/a', outside: b?.within === false };
    }),
    perClass: Object.entries(r.perClass ?? {}).map(([name, c]) => ({
      name, precision: fmt(c.precision), recall: fmt(c.recall), f1: fmt(c.f1), support: c.support,
    })),
    referenceMissing: r.reference.status === 'missing',
    referenceId: r.reference.id,
    charts: opts.charts ?? [],
    findings, hasFindings: findings.length > 0,
    errors: findings.filter((f) => f.severity === 'error').length,
    runs: r.runs.map(runView),
    log: (opts.log ?? []).filter((e) => visibleIds.has(e.criterion)).map((e) => ({ ...e, oldText: e.old === null ? 'pending' : fmtPts(e.old), newText: fmtPts(e.new) })),
    provenance: Object.entries({
      'harness version': r.provenance.harnessVersion, runner: r.provenance.runner, host: r.provenance.host,
      started: r.provenance.startedAt, finished: r.provenance.finishedAt, 'rubric hash': r.provenance.rubricHash,
      'submission hash': r.provenance.submissionHash,
      seeds: Object.entries(r.provenance.seeds).map(([k, v]) => `${k}=${v}`).join(', '),
      environment: Object.entries(r.provenance.environment).map(([k, v]) => `${k} ${v}`).join(', '),
      data: Object.entries(r.provenance.dataHashes).map(([k, v]) => `${k} ${v}`).join(', '),
    }).map(([key, value]) => ({ key, value })),
  };
}

export function chartViews(entries: Record<string, { svg: string; alt: string }>): ChartView[] {
  return Object.entries(entries).map(([name, e]) => ({ name, title: CHART_TITLES[name] ?? name, svg: e.svg, alt: e.alt }));
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function cohortView(results: readonly Result[], opts: { problems?: { file: string; message: string }[]; charts?: ChartView[]; css?: string; generatedAt?: string } = {}) {
  const graded = results.filter((r) => r.status === 'graded');
  const scores = graded.map((r) => r.score);
  const phases = [...new Set(results.flatMap((r) => r.runs.map((x) => x.phase)))];
  return {
    css: opts.css ?? '', generatedAt: opts.generatedAt ?? new Date().toISOString(),
    assignment: results[0]?.assignment ?? 'unknown', count: results.length,
    counts: { graded: graded.length, invalid: results.filter((r) => r.status === 'invalid').length, failed: results.filter((r) => r.status === 'failed').length,
      leakage: results.filter(hasLeakage).length, pending: results.filter((r) => r.pendingPoints > 0).length },
    scoreStats: { mean: scores.length ? fmtPts(scores.reduce((a, b) => a + b, 0) / scores.length) : 'n/a', median: scores.length ? fmtPts(median(scores)) : 'n/a',
      min: scores.length ? fmtPts(Math.min(...scores)) : 'n/a', max: scores.length ? fmtPts(Math.max(...scores)) : 'n/a' },
    charts: opts.charts ?? [],
    leakage: results.flatMap((r) => r.findings.filter(isLeakageFinding)
      .map((f) => ({ submission: r.submission, kind: f.kind, location: findingLocation(f), message: f.message }))),
    notGraded: results.filter((r) => r.status !== 'graded').map((r) => ({ submission: r.submission, status: r.status, reason: failureReason(r) })),
    problems: opts.problems ?? [],
    runtime: phases.map((phase) => {
      const runs = results.flatMap((r) => r.runs.filter((x) => x.phase === phase && !x.skipped));
      const walls = runs.map((x) => x.wallSeconds);
      const mems = runs.map((x) => x.peakMemoryMb).filter((m): m is number => m !== null);
      return { phase, runs: runs.length, median: walls.length ? median(walls).toFixed(1) : 'n/a', max: walls.length ? Math.max(...walls).toFixed(1) : 'n/a',
        failures: runs.filter((x) => x.exitCode !== 0 && !x.timedOut && !x.oomKilled).length, timeouts: runs.filter((x) => x.timedOut).length, ooms: runs.filter((x) => x.oomKilled).length,
        memory: mems.length ? `${Math.round(Math.max(...mems))} MB` : 'n/a' };
    }),
    rows: results.map((r) => ({ submission: r.submission, group: r.group, status: r.status, score: fmtPts(r.score), maxScore: fmtPts(r.maxScore),
      pending: fmtPts(r.pendingPoints), leakage: hasLeakage(r) ? 'yes' : 'no', errors: r.findings.filter((f) => f.severity === 'error').length,
      wall: wallSeconds(r).toFixed(1), href: `${encodeURIComponent(r.submission)}/report.html` })),
  };
}
