import type { Finding } from '../schema/finding.js';
import type { CriterionResult } from '../schema/result.js';
import type { Criterion, Rubric } from './schema.js';

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const;

export interface ScoreInput {
  rubric: Rubric;
  findings: Finding[];
  metrics: Record<string, number | null>;
  /** The band for each metric, when a reference exists. */
  bands: Record<string, { low: number; high: number }>;
  /** Why the performance criteria cannot be scored (no predictions, no reference...). */
  invalid: string | null;
}

export interface Scored {
  criteria: CriterionResult[];
  score: number;
  maxScore: number;
  pendingPoints: number;
}

function atLeast(f: Finding, min: keyof typeof SEVERITY_RANK): boolean {
  return SEVERITY_RANK[f.severity] >= SEVERITY_RANK[min];
}

function where(f: Finding): string {
  const at = f.cell !== undefined ? ` cell ${f.cell + 1}` : f.line !== undefined ? `:${f.line}` : '';
  return `${f.file}${at}`;
}

/**
 * Model-performance points, piecewise linear: full points at or above the band's
 * low edge, zero at or below the rubric's floor, a straight line between.
 */
export function performancePoints(value: number, low: number, floor: number, max: number): number {
  if (value >= low) return max;
  if (value <= floor || low <= floor) return 0;
  return Math.round(((value - floor) / (low - floor)) * max * 100) / 100;
}

function scoreCriterion(c: Criterion, input: ScoreInput): CriterionResult {
  const base = { id: c.id, title: c.title, maxPoints: c.points, instructorOnly: c.instructorOnly };
  const zeroing = c.zeroWhen
    ? input.findings.filter((f) => c.zeroWhen!.kinds.includes(f.kind) && atLeast(f, c.zeroWhen!.minSeverity))
    : [];
  if (zeroing.length > 0) {
    const first = zeroing[0]!;
    return {
      ...base, points: 0, status: 'scored',
      reasons: [{ points: c.points, reason: `${c.zeroWhen!.reason} Cause: ${first.kind} at ${where(first)}${zeroing.length > 1 ? ` and ${zeroing.length - 1} more` : ''}.` }],
    };
  }
  if (input.invalid !== null && !c.manual) {
    return { ...base, points: 0, status: 'scored', reasons: [{ points: c.points, reason: input.invalid }] };
  }
  if (c.manual) return { ...base, points: 0, status: 'pending', reasons: [] };

  const reasons: CriterionResult['reasons'] = [];
  let points = c.points;
  if (c.performance) {
    const { metric, floor } = c.performance;
    const value = input.metrics[metric];
    const band = input.bands[metric];
    if (value === null || value === undefined || Number.isNaN(value)) {
      return { ...base, points: 0, status: 'scored', reasons: [{ points: c.points, reason: `No ${metric} could be measured.` }] };
    }
    if (!band) {
      return { ...base, points: 0, status: 'pending', reasons: [{ points: 0, reason: `No reference band for ${metric}: the reference results are missing, so these points wait for a reference run.` }] };
    }
    points = performancePoints(value, band.low, floor, c.points);
    if (points < c.points) {
      reasons.push({ points: c.points - points, reason: `${metric} ${value.toFixed(3)} is below the reference band's low edge ${band.low.toFixed(3)} (zero at ${floor}).` });
    }
  }
  for (const d of c.deductions) {
    const hits = input.findings.filter((f) => f.kind === d.kind && atLeast(f, d.minSeverity));
    if (hits.length === 0) continue;
    const lost = Math.min(points, d.perFinding ? d.points * hits.length : d.points);
    if (lost <= 0) continue;
    points -= lost;
    reasons.push({ points: lost, reason: `${hits.length} ${d.kind} finding${hits.length > 1 ? 's' : ''} (${hits.slice(0, 3).map(where).join(', ')}): ${hits[0]!.message}` });
  }
  return { ...base, points, status: 'scored', reasons };
}

export function scoreCriteria(input: ScoreInput): Scored {
  const criteria = input.rubric.criteria.map((c) => scoreCriterion(c, input));
  const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;
  return {
    criteria,
    score: sum(criteria.filter((c) => c.status === 'scored').map((c) => c.points)),
    maxScore: sum(criteria.map((c) => c.maxPoints)),
    pendingPoints: sum(criteria.filter((c) => c.status === 'pending').map((c) => c.maxPoints)),
  };
}
