import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCsvObjects } from '../../harness/report/csv.js';
import { readResults } from '../../harness/report/gradebook.js';
import { importScores, mergedResult, readScoreLog, scoresTemplate, scoreLogPath, writeScoresTemplate } from '../../harness/report/scores.js';
import { fixture, fixtureCopy } from './helpers.js';

let cleanup = () => {};
afterEach(() => cleanup());
const now = () => new Date('2026-11-21T12:00:00Z');
const sheet = (rows: string[]) => ['submission,criterion,points,comment,grader,reason', ...rows].join('\n') + '\n';

describe('manual scores', () => {
  it('the template lists every pending criterion, one row each', () => {
    const t = parseCsvObjects(scoresTemplate([fixture('group01-good'), fixture('group05-crash-timeout'), fixture('group03-invalid')]));
    expect(t.header.slice(0, 5)).toEqual(['submission', 'criterion', 'points', 'comment', 'grader']);
    expect(t.rows.map((r) => `${r.submission}/${r.criterion}`)).toEqual(['group01-good/report', 'group01-good/code-readability', 'group05-crash-timeout/report']);
    expect(t.rows[0]!.maxPoints).toBe('30');
  });

  it('imports TA scores, appends to the log and merges them into score and pendingPoints', () => {
    const c = fixtureCopy(); cleanup = c.cleanup;
    const { raw } = readResults(c.dir);
    const out = importScores(c.dir, raw, sheet(['group01-good,report,24,"Clear, well argued",TA Ann,', 'group01-good,code-readability,,,,']), { now });
    expect(out.problems).toEqual([]);
    expect(out.applied).toHaveLength(1);
    expect(out.skipped).toBe(1);
    const log = readScoreLog(scoreLogPath(c.dir, 'group01-good'));
    expect(log).toEqual([{ time: '2026-11-21T12:00:00.000Z', grader: 'TA Ann', criterion: 'report', old: null, new: 24, reason: '', comment: 'Clear, well argued' }]);
    const merged = readResults(c.dir).results.find((r) => r.submission === 'group01-good')!;
    const report = merged.criteria.find((x) => x.id === 'report')!;
    expect(report).toMatchObject({ status: 'scored', points: 24 });
    expect(report.reasons).toEqual([{ points: 6, reason: 'Manual score by TA Ann: Clear, well argued' }]);
    expect(merged.score).toBe(82.5);
    expect(merged.pendingPoints).toBe(10);
    // The same sheet again changes nothing.
    const again = importScores(c.dir, raw, sheet(['group01-good,report,24,"Clear, well argued",TA Ann,']), { now });
    expect(again.applied).toEqual([]);
    expect(readScoreLog(scoreLogPath(c.dir, 'group01-good'))).toHaveLength(1);
    // A second sheet changes the score again; the log keeps both lines, old = the first TA score.
    importScores(c.dir, raw, sheet(['group01-good,report,27,regraded after appeal,TA Bob,']), { now });
    const log2 = readScoreLog(scoreLogPath(c.dir, 'group01-good'));
    expect(log2.map((e) => [e.old, e.new, e.grader])).toEqual([[null, 24, 'TA Ann'], [24, 27, 'TA Bob']]);
    expect(readFileSync(scoreLogPath(c.dir, 'group01-good'), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('rejects unknown criteria, out-of-range points, missing graders and overrides without a reason, applying nothing', () => {
    const c = fixtureCopy(); cleanup = c.cleanup;
    const { raw } = readResults(c.dir);
    const out = importScores(c.dir, raw, sheet([
      'group01-good,report,20,ok,TA Ann,',
      'group01-good,creativity,5,,TA Ann,',
      'group01-good,report,31,,TA Ann,',
      'group01-good,code-readability,5,,,',
      'group02-leakage,methodology,30,,TA Ann,',
      'nobody,report,5,,TA Ann,',
    ]), { now });
    expect(out.applied).toEqual([]);
    expect(out.problems.map((p) => p.row)).toEqual([3, 4, 5, 6, 7]);
    expect(out.problems[0]!.message).toMatch(/no criterion "creativity"/);
    expect(out.problems[1]!.message).toMatch(/from 0 to 30/);
    expect(out.problems[2]!.message).toMatch(/names no grader/);
    expect(out.problems[3]!.message).toMatch(/override needs a reason/);
    expect(out.problems[4]!.message).toMatch(/unknown submission/);
    expect(readScoreLog(scoreLogPath(c.dir, 'group01-good'))).toEqual([]);
  });

  it('allows an override of automatic points with a reason and a grader', () => {
    const c = fixtureCopy(); cleanup = c.cleanup;
    const { raw } = readResults(c.dir);
    const out = importScores(c.dir, raw, sheet(['group02-leakage,methodology,20,,Prof. Lee,scaler leak affects only the baseline notebook']), { now });
    expect(out.problems).toEqual([]);
    const merged = readResults(c.dir).results.find((r) => r.submission === 'group02-leakage')!;
    expect(merged.score).toBeCloseTo(39.8, 6);
    expect(merged.pendingPoints).toBe(40);
    expect(merged.criteria[0]!.reasons[0]!.reason).toMatch(/Prof\. Lee: scaler leak affects only the baseline notebook/);
  });

  it('mergedResult is idempotent and leaves a result without a log unchanged', () => {
    const r = fixture('group01-good');
    const log = [{ time: 't', grader: 'A', criterion: 'code-readability', old: null, new: 7, reason: '', comment: '' }];
    const once = mergedResult(r, log);
    expect(mergedResult(once, log)).toEqual(once);
    expect(once.score).toBe(65.5);
    expect(mergedResult(r, [])).toBe(r);
  });

  it('writeScoresTemplate writes the file into DIR', () => {
    const c = fixtureCopy(); cleanup = c.cleanup;
    const file = writeScoresTemplate(c.dir, readResults(c.dir).results);
    expect(readFileSync(file, 'utf8')).toMatch(/^submission,criterion,points,comment,grader/);
  });
});
