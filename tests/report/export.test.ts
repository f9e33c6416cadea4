import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../harness/report/csv.js';
import { exportGrades } from '../../harness/report/export.js';
import { gradescopeResults } from '../../harness/report/gradescope.js';
import { FIXTURES, fixture, fixtureCopy } from './helpers.js';

let cleanup = () => {};
afterEach(() => cleanup());

function roster(dir: string): string {
  const file = join(dir, 'roster.csv');
  writeFileSync(file, [
    'group,OrgDefinedId,Username,Name,Canvas ID,SIS User ID,SIS Login ID,Section',
    '1,20067930,frank.catcher,"Catcher, Frank",1001,S1,fcatcher,DL-2026',
    '1,20067931,=evil,"Doe, Jane",1002,S2,jdoe,DL-2026',
    '2,20067932,ann.lee,"Lee, Ann",1003,S3,alee,DL-2026',
    '4,20067934,bo.chen,"Chen, Bo",1004,S4,bchen,DL-2026',
    '9,20067939,no.sub,"Nobody, No",1009,S9,nosub,DL-2026',
  ].join('\n') + '\n');
  return file;
}

describe('exports', () => {
  it('brightspace: OrgDefinedId, Username, "<item> Points Grade", End-of-Line Indicator; one row per roster student', () => {
    const c = fixtureCopy(); cleanup = c.cleanup;
    const out = exportGrades(c.dir, 'brightspace', join(c.dir, 'bs.csv'), { roster: roster(c.dir), itemName: 'COVID project' });
    const rows = parseCsv(readFileSync(join(c.dir, 'bs.csv'), 'utf8'));
    expect(rows[0]).toEqual(['OrgDefinedId', 'Username', 'COVID project Points Grade', 'End-of-Line Indicator']);
    expect(rows.slice(1)).toEqual([
      ['20067930', 'frank.catcher', '58.5', '#'], ['20067931', "'=evil", '58.5', '#'], ['20067932', 'ann.lee', '19.8', '#'],
      ['20067934', 'bo.chen', '', '#'], ['20067939', 'no.sub', '', '#'],
    ]);
    expect(out.rosterUsed).toBe(true);
    expect(out.warnings.join('\n')).toMatch(/group04-failed: the harness failed/);
    expect(out.warnings.join('\n')).toMatch(/1 roster students have no result/);
    expect(out.warnings.join('\n')).toMatch(/results match no roster row.*group03-invalid/);
    expect(readFileSync(join(c.dir, 'bs.csv'), 'utf8')).toContain('\r\n');
  });

  it('canvas: Student, ID, SIS User ID, SIS Login ID, Section, "Name (id)"', () => {
    const c = fixtureCopy(); cleanup = c.cleanup;
    exportGrades(c.dir, 'canvas', join(c.dir, 'canvas.csv'), { roster: roster(c.dir), itemName: 'COVID project', canvasAssignmentId: '4242' });
    const rows = parseCsv(readFileSync(join(c.dir, 'canvas.csv'), 'utf8'));
    expect(rows[0]).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'COVID project (4242)']);
    expect(rows[1]).toEqual(['Catcher, Frank', '1001', 'S1', 'fcatcher', 'DL-2026', '58.5']);
    expect(rows).toHaveLength(6);
  });

  it('says plainly when no roster was given and keys rows by submission', () => {
    const c = fixtureCopy(); cleanup = c.cleanup;
    const out = exportGrades(c.dir, 'brightspace', join(c.dir, 'bs.csv'));
    expect(out.rosterUsed).toBe(false);
    expect(out.warnings[0]).toMatch(/No roster given \(--roster\)/);
    const rows = parseCsv(readFileSync(join(c.dir, 'bs.csv'), 'utf8'));
    expect(rows.slice(1).map((r) => r[0])).toEqual(['group01-good', 'group02-leakage', 'group03-invalid', 'group04-failed', 'group05-crash-timeout', 'group06-instructor']);
  });

  it('csv export is the gradebook', () => {
    const c = fixtureCopy(); cleanup = c.cleanup;
    exportGrades(c.dir, 'csv', join(c.dir, 'g.csv'));
    const rows = parseCsv(readFileSync(join(c.dir, 'g.csv'), 'utf8'));
    expect(rows[0]!.slice(0, 6)).toEqual(['submission', 'group', 'status', 'score', 'maxScore', 'pendingPoints']);
    expect(rows).toHaveLength(7);
  });

  it('gradescope: score, tests with name/score/max_score/output/visibility; no instructor content', () => {
    const g = gradescopeResults(fixture('group06-instructor'));
    expect(g.score).toBe(69);
    expect(g.tests.map((t) => [t.name, t.score, t.max_score, t.visibility])).toContainEqual(['Model performance on the hidden test set', 9, 10, 'visible']);
    expect(g.tests.find((t) => t.name.startsWith('Similarity'))!.visibility).toBe('hidden');
    expect(g.tests.some((t) => t.name === 'Report quality')).toBe(false);
    expect(g.output).toMatch(/Graded by hand on Gradescope: Report quality \(30 points\)/);
    expect(JSON.stringify(g)).not.toContain('INSTRUCTOR NOTE');
    for (const t of g.tests) expect(Object.keys(t).sort()).toEqual(['max_score', 'name', 'output', 'score', 'status', 'visibility']);
  });

  it('gradescope export writes one results file per submission', () => {
    const c = fixtureCopy(); cleanup = c.cleanup;
    const out = exportGrades(c.dir, 'gradescope', join(c.dir, 'gs'));
    expect(readdirSync(join(c.dir, 'gs')).sort()).toHaveLength(6);
    expect(JSON.parse(readFileSync(out.files[1]!, 'utf8')).score).toBeCloseTo(19.8, 6);
  });
});

describe('templates/gradescope/run_autograder', () => {
  const script = resolve('templates/gradescope/run_autograder');
  function setup(stub: string) {
    const root = mkdtempSync(join(tmpdir(), 'medgrade-gs-'));
    cleanup = () => rmSync(root, { recursive: true, force: true });
    mkdirSync(join(root, 'submission'));
    writeFileSync(join(root, 'submission', 'train.py'), 'print(1)\n');
    // grade-one is the lead's CLI command; this stub stands in for it and records its arguments.
    const bin = join(root, 'medgrade');
    writeFileSync(bin, `#!/usr/bin/env bash\necho "$@" > "${root}/args"\n${stub}\n`);
    chmodSync(bin, 0o755);
    const env = { ...process.env, MEDGRADE_SUBMISSION_DIR: join(root, 'submission'), MEDGRADE_RESULTS_DIR: join(root, 'results'),
      MEDGRADE_HOME: resolve('.'), MEDGRADE_BIN: bin };
    return { root, env };
  }

  it('grades the submission and writes results.json from result.json', () => {
    const { root, env } = setup(`while [ $# -gt 0 ]; do [ "$1" = --out ] && out="$2"; shift; done\nmkdir -p "$out/group01-good" && cp "${FIXTURES}/group01-good/result.json" "$out/group01-good/"`);
    const run = spawnSync('bash', [script], { env, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(readFileSync(join(root, 'args'), 'utf8')).toMatch(new RegExp(`^grade-one ${join(root, 'submission')} --rubric .*rubrics/covid.yaml --out `));
    const res = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8'));
    expect(res.score).toBe(58.5);
    expect(res.tests).toHaveLength(3);
  });

  it('still writes a results.json with score 0 and the log when grading crashes', () => {
    const { root, env } = setup('echo "boom: env build failed" >&2; exit 3');
    const run = spawnSync('bash', [script], { env, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const res = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8'));
    expect(res).toMatchObject({ score: 0, tests: [] });
    expect(res.output).toMatch(/grading wrote no result.json/);
    expect(res.output).toMatch(/boom: env build failed/);
    expect(res.output).toMatch(/exited with 3/);
    expect(existsSync(join(root, 'results'))).toBe(true);
    execFileSync('bash', ['-n', resolve('templates/gradescope/setup.sh')]);
  });
});
