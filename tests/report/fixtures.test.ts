import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultSchema } from '../../harness/schema/result.js';
import { readResults } from '../../harness/report/gradebook.js';
import { FIXTURES, SUBMISSIONS } from './helpers.js';

describe('fixture results', () => {
  it.each(SUBMISSIONS)('%s validates against resultSchema and its score adds up', (name) => {
    const r = resultSchema.parse(JSON.parse(readFileSync(join(FIXTURES, name, 'result.json'), 'utf8')));
    const scored = r.criteria.filter((c) => c.status === 'scored');
    expect(r.score).toBeCloseTo(scored.reduce((s, c) => s + c.points, 0), 6);
    expect(r.pendingPoints).toBe(r.criteria.filter((c) => c.status === 'pending').reduce((s, c) => s + c.maxPoints, 0));
    for (const c of scored) expect(c.reasons.reduce((s, x) => s + x.points, 0)).toBeCloseTo(c.maxPoints - c.points, 6);
  });

  it('the malformed fixture fails validation', () => {
    const raw = JSON.parse(readFileSync(join(FIXTURES, 'group07-malformed', 'result.json'), 'utf8'));
    expect(resultSchema.safeParse(raw).success).toBe(false);
  });

  it('readResults loads the valid ones and reports the malformed one', () => {
    const { results, problems } = readResults(FIXTURES);
    expect(results.map((r) => r.submission)).toEqual(SUBMISSIONS);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toContain('group07-malformed');
    expect(problems[0]!.message).toMatch(/score/);
  });
});
