import { describe, expect, it, vi } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../harness/cli.js';
import { readResults } from '../../harness/report/gradebook.js';

const ROOT = join(import.meta.dirname, '../..');
const TRIVIAL = join(ROOT, 'tests/fixtures/rubrics/trivial.yaml');

/** Runs the CLI in-process and captures what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { out += String(chunk); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = undefined;
  try {
    return { code: await main(argv), out };
  } finally {
    write.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

function cohort(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  cpSync(join(ROOT, 'tests/fixtures/trivial/passes'), join(dir, 'Group 1 - a'), { recursive: true });
  cpSync(join(ROOT, 'tests/fixtures/trivial/passes'), join(dir, 'Group 2 - b'), { recursive: true });
  return dir;
}

const LOCAL = ['--runner', 'local', '--python', '/usr/bin/python3', '--no-trace'];

describe('medgrade CLI', () => {
  it('data --masks passes through to generators that write masks, and --out is required', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cli-data-'));
    expect((await cli('data', 'covid-synthetic', '--out', out, '--count', '20', '--size', '32', '--masks')).code).toBe(0);
    expect(readdirSync(join(out, 'masks', 'train', 'COVID')).length).toBeGreaterThan(0);
    expect((await cli('data', 'covid-synthetic')).code).not.toBe(0);
    rmSync(out, { recursive: true, force: true });
  });

  it('rubric explain prints the interface students implement', async () => {
    const { code, out } = await cli('rubric', 'explain', join(ROOT, 'rubrics/covid.yaml'));
    expect(code).toBe(0);
    expect(out).toContain('python train.py --data /data --out /out/model');
  });

  it('reports a bad rubric with its code and exit 2, not a stack trace', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'rub-')), 'bad.yaml');
    writeFileSync(bad, 'id: x\n');
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['rubric', 'validate', bad])).toBe(2);
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/E_RUBRIC_INVALID/);
    } finally { err.mockRestore(); }
  });

  it('check exits 1 on a blocking finding and 0 on a clean submission', async () => {
    const dir = cohort();
    rmSync(join(dir, 'Group 2 - b', 'predict.py'));
    const out = mkdtempSync(join(tmpdir(), 'chk-'));
    expect((await cli('check', join(dir, 'Group 2 - b'), '--rubric', TRIVIAL, '--out', out, ...LOCAL.slice(0, 4))).code).toBe(1);
    const clean = await cli('check', join(dir, 'Group 1 - a'), '--rubric', TRIVIAL, '--out', out, ...LOCAL.slice(0, 4));
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/group-1 \(trivial\): \d+ \/ 20 points \[graded\]/);
  });

  it('grade writes results and a gradebook; regrade reruns one submission and keeps its manual score log', async () => {
    const input = cohort();
    const out = mkdtempSync(join(tmpdir(), 'grade-'));
    expect((await cli('grade', input, '--rubric', TRIVIAL, '--out', out, ...LOCAL, '--no-report')).code).toBe(0);
    expect(readFileSync(join(out, 'gradebook.csv'), 'utf8').split('\n')[0]).toMatch(/^submission,group,status,score,maxScore,pendingPoints,code,performance/);
    const before = JSON.parse(readFileSync(join(out, 'group-1', 'result.json'), 'utf8'));
    // A TA override, with grader and reason, lands in the append-only log.
    const sheet = join(out, 'scores.csv');
    writeFileSync(sheet, 'submission,criterion,points,comment,grader,reason\ngroup-1,code,7,readable enough,Ann,partial credit after appeal\n');
    expect((await cli('scores', out, '--import', sheet)).code).toBe(0);
    expect((await cli('regrade', out, 'group-1')).code).toBe(0);
    const after = JSON.parse(readFileSync(join(out, 'group-1', 'result.json'), 'utf8'));
    expect(after.provenance.finishedAt > before.provenance.finishedAt).toBe(true);
    const merged = readResults(out).results.find((r) => r.submission === 'group-1')!;
    expect(merged.criteria.find((c) => c.id === 'code')!.points).toBe(7);
    expect(readFileSync(join(out, 'gradebook.csv'), 'utf8')).toMatch(/group-1,1,graded,7,/);
  });
});
