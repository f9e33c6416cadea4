import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadRubric } from '../../harness/rubric/load.js';
import { performancePoints, scoreCriteria } from '../../harness/rubric/score.js';
import { finding, type Finding } from '../../harness/schema/finding.js';

const covid = loadRubric(join(import.meta.dirname, '../../rubrics/covid.yaml')).rubric;
const f = (kind: Finding['kind'], severity: Finding['severity'] = 'error'): Finding =>
  finding({ check: 't', kind, severity, file: 'x.py', line: 3, message: `${kind} here`, fix: 'fix it' });
const byId = (s: ReturnType<typeof scoreCriteria>) => Object.fromEntries(s.criteria.map((c) => [c.id, c]));

describe('performancePoints (piecewise linear)', () => {
  it.each([
    // value, low, floor, max, expected
    [0.9, 0.8, 0.5, 10, 10],
    [0.8, 0.8, 0.5, 10, 10],
    [0.65, 0.8, 0.5, 10, 5],
    [0.5, 0.8, 0.5, 10, 0],
    [0.3, 0.8, 0.5, 10, 0],
    [0.74, 0.8, 0.5, 10, 8],
  ])('value %f, low %f, floor %f → %f of %f', (value, low, floor, max, expected) => {
    expect(performancePoints(value, low, floor, max)).toBeCloseTo(expected, 6);
  });
});

describe('scoreCriteria on the COVID rubric', () => {
  const bands = { accuracy: { low: 0.8, high: 0.95 } };
  const clean = { rubric: covid, findings: [] as Finding[], metrics: { accuracy: 0.9 }, bands, invalid: null };

  it('gives full automatic points and leaves manual criteria pending', () => {
    const s = scoreCriteria(clean);
    const c = byId(s);
    expect(c.methodology!.points).toBe(40);
    expect(c.performance!.points).toBe(10);
    expect(c['code-runs']!.points).toBe(10);
    expect(c.report!.status).toBe('pending');
    expect(c['code-readability']!.status).toBe('pending');
    expect(s.score).toBe(60);
    expect(s.pendingPoints).toBe(40);
    expect(s.maxScore).toBe(100);
  });

  it('zeroes methodology on an error of a leakage kind, but not on a warning', () => {
    expect(byId(scoreCriteria({ ...clean, findings: [f('preprocessing')] })).methodology!.points).toBe(0);
    expect(byId(scoreCriteria({ ...clean, findings: [f('preprocessing', 'warning')] })).methodology!.points).toBe(40);
  });

  it('zeroes both code criteria when the code fails to run, including the manual one', () => {
    const c = byId(scoreCriteria({ ...clean, findings: [f('run-timeout')] }));
    expect(c['code-runs']!.points).toBe(0);
    expect(c['code-readability']!.status).toBe('scored');
    expect(c['code-readability']!.points).toBe(0);
    expect(c['code-runs']!.reasons[0]!.reason).toMatch(/fails to run/);
  });

  it('applies per-finding deductions with a reason naming the findings', () => {
    const c = byId(scoreCriteria({ ...clean, findings: [f('bad-csv'), f('bad-csv')] }));
    expect(c.methodology!.points).toBe(30);
    expect(c.methodology!.reasons[0]!.points).toBe(10);
    expect(c.methodology!.reasons[0]!.reason).toContain('x.py:3');
  });

  it('scales performance between the floor and the band', () => {
    expect(byId(scoreCriteria({ ...clean, metrics: { accuracy: 0.65 } })).performance!.points).toBe(5);
  });

  it('leaves performance pending, without inventing a band, when the reference is missing', () => {
    const c = byId(scoreCriteria({ ...clean, bands: {} }));
    expect(c.performance!.status).toBe('pending');
    expect(c.performance!.reasons[0]!.reason).toMatch(/reference/);
  });

  it('scores automatic criteria zero with the reason when the submission is invalid', () => {
    const s = scoreCriteria({ ...clean, invalid: 'predict.py is missing' });
    expect(s.score).toBe(0);
    expect(byId(s).methodology!.reasons[0]!.reason).toBe('predict.py is missing');
  });
});
