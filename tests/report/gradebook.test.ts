import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCsv, toCsv, neutraliseFormula } from '../../harness/report/csv.js';
import { gradebookRows, readResults, writeGradebook } from '../../harness/report/gradebook.js';
import { loadRubric } from '../../harness/rubric/load.js';
import { fixture, fixtureCopy } from './helpers.js';

let cleanup = () => {};
afterEach(() => cleanup());

describe('gradebook', () => {
  it('has a stable header: fixed columns, criteria in rubric order, then leakage, failure, wall seconds', () => {
    const rubric = loadRubric('rubrics/covid.yaml').rubric;
    const t = gradebookRows([fixture('group02-leakage'), fixture('group01-good')], rubric);
    expect(t.header).toEqual(['submission', 'group', 'status', 'score', 'maxScore', 'pendingPoints',
      'methodology', 'report', 'code-runs', 'code-readability', 'performance', 'leakage', 'failure', 'wallSeconds']);
    expect(t.rows[0]).toEqual(['group02-leakage', 2, 'graded', 19.8, 100, 40, 0, 'pending', 10, 'pending', 9.8, 'yes', '', 95.9]);
    expect(t.rows[1]![11]).toBe('no');
  });

  it('names the failure reason for failed and invalid submissions', () => {
    const t = gradebookRows([fixture('group04-failed'), fixture('group03-invalid')]);
    const failure = t.header.indexOf('failure');
    expect(t.rows[0]![failure]).toMatch(/Environment build failed/);
    expect(t.rows[1]![failure]).toMatch(/^invalid: The required file train.py is missing/);
  });

  it('neutralises formula injection and escapes quotes, commas and newlines', () => {
    const evil = { ...fixture('group04-failed'), submission: '=HYPERLINK("http://x","y")', failure: '+cmd|calc,\n"quoted"' };
    const text = toCsv(gradebookRows([evil]).header, gradebookRows([evil]).rows);
    const [, row] = parseCsv(text);
    expect(row![0]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(row![gradebookRows([evil]).header.indexOf('failure')]).toBe(`'+cmd|calc,\n"quoted"`);
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    for (const s of ['-1+1', '@SUM(A1)', '\tx']) expect(neutraliseFormula(s).startsWith("'")).toBe(true);
    expect(neutraliseFormula('group01')).toBe('group01');
  });

  it('keeps negative numbers as numbers', () => {
    expect(toCsv(['a'], [[-2.5]])).toBe('a\r\n-2.5\r\n');
  });

  it('writeGradebook writes atomically and applies manual score logs', () => {
    const c = fixtureCopy(); cleanup = c.cleanup;
    const { raw } = readResults(c.dir);
    const log = { time: '2026-11-21T10:00:00Z', grader: 'TA Ann', criterion: 'report', old: null, new: 24, reason: '', comment: 'clear report' };
    writeFileSync(join(c.dir, 'group01-good', 'scores.log.jsonl'), JSON.stringify(log) + '\n');
    const file = writeGradebook(c.dir, raw);
    expect(readdirSync(c.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const rows = parseCsv(readFileSync(file, 'utf8'));
    const header = rows[0]!;
    const good = rows.find((r) => r[0] === 'group01-good')!;
    expect(good[header.indexOf('report')]).toBe('24');
    expect(good[header.indexOf('score')]).toBe('82.5');
    expect(good[header.indexOf('pendingPoints')]).toBe('10');
    expect(rows).toHaveLength(1 + 6);
    expect(existsSync(file)).toBe(true);
  });
});
