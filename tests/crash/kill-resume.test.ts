import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRunner } from '../../harness/runners/registry.js';
import { resultSchema } from '../../harness/schema/result.js';
import { parseCsv } from '../../harness/intake/csv.js';

/**
 * A batch of 20 trivial submissions is SIGKILLed at 10 seeded points (0-2.5 s
 * after the run's first submission started) and re-run each time. The final
 * gradebook must equal an uninterrupted run's (timing columns aside); a result,
 * once complete, is never rewritten (no submission graded twice); every result
 * file on disk is complete JSON; and what killed runs left (cgroups, tmpfs mounts)
 * is gone after the next start.
 */
const ROOT = join(import.meta.dirname, '../..');
const RUBRIC = join(ROOT, 'tests/fixtures/rubrics/trivial.yaml');
const PASSES = join(ROOT, 'tests/fixtures/trivial/passes');
const SUBMISSIONS = 20;
const KILLS = 10;

const sandbox = await getRunner('sandbox').available();
if (!sandbox.ok) console.warn(`kill-resume skipped: the sandbox cannot run here (${sandbox.reason})`);

/** mulberry32: a tiny seeded generator, so the kill points repeat from run to run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function grade(input: string, out: string, tmp: string): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'bin/medgrade.mjs'), 'grade', input, '--rubric', RUBRIC, '--out', out,
    '--runner', 'sandbox', '--jobs', '2', '--no-report', '--no-trace', '--python', '/usr/bin/python3'],
  { cwd: ROOT, env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'ignore', 'pipe'] });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((res) => child.on('exit', (code) => res(code)));
}

/** Runs to the end; returns the exit code. */
async function runToEnd(input: string, out: string, tmp: string): Promise<number | null> {
  return exited(grade(input, out, tmp));
}

/** Kills with SIGKILL `delayMs` after the `startsBefore`-th "started" line; false when the batch ended first. */
async function runAndKill(input: string, out: string, tmp: string, startsBefore: number, delayMs: number): Promise<{ killed: boolean; pid: number }> {
  const child = grade(input, out, tmp);
  let starts = 0;
  let timer: NodeJS.Timeout | null = null;
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    starts += (text.match(/: started/g) ?? []).length;
    if (starts >= startsBefore && !timer) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
  });
  const code = await exited(child);
  if (timer) clearTimeout(timer);
  return { killed: code === null, pid: child.pid! };
}

function gradebook(out: string): string[][] {
  const table = parseCsv(readFileSync(join(out, 'gradebook.csv'), 'utf8'), 'gradebook.csv');
  const keep = table.header.map((h, i) => [h, i] as const).filter(([h]) => !/seconds|time|started|finished/i.test(h)).map(([, i]) => i);
  return table.rows.map((r) => keep.map((i) => r[i] ?? '')).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Every result.json: complete, schema-valid JSON (a half-written one would fail here). */
function results(out: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const id of readdirSync(out)) {
    const path = join(out, id, 'result.json');
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    const r = resultSchema.parse(JSON.parse(text));
    map.set(id, `${r.status}|${r.provenance.startedAt}`);
  }
  return map;
}

function staleCgroups(pids: Set<number>): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let names: string[] = [];
    try { names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name); } catch { return; }
    for (const name of names) {
      const m = /^medgrade-(\d+)-/.exec(name);
      if (m && pids.has(Number(m[1]))) found.push(join(dir, name));
      else if (depth < 4) walk(join(dir, name), depth + 1);
    }
  };
  for (const c of ['memory', 'pids', 'cpuacct']) walk(join('/sys/fs/cgroup', c), 0);
  return found;
}

function staleMounts(under: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '').filter((p) => p.startsWith(under));
}

describe.skipIf(!sandbox.ok)('a batch killed at random points resumes to the same gradebook', () => {
  it(`survives ${KILLS} SIGKILLs of a ${SUBMISSIONS}-submission batch`, async () => {
    const base = mkdtempSync(join(tmpdir(), 'kill-resume-'));
    const input = join(base, 'in');
    for (let g = 1; g <= SUBMISSIONS; g++) {
      const dir = join(input, `Group ${g} - passes`);
      cpSync(PASSES, dir, { recursive: true });
      // A second of training per submission, so a run killed within 2.5 s of its first start has finished only a few.
      writeFileSync(join(dir, 'train.py'), `import time\ntime.sleep(1)\n${readFileSync(join(PASSES, 'train.py'), 'utf8')}`);
    }
    const tmp = join(base, 'tmp');
    mkdirSync(tmp);

    expect(await runToEnd(input, join(base, 'clean'), tmp)).toBe(0);
    const expected = gradebook(join(base, 'clean'));
    expect(expected).toHaveLength(SUBMISSIONS);

    const out = join(base, 'killed');
    const random = seeded(20261122);
    const killedPids = new Set<number>();
    const complete = new Map<string, string>();
    let kills = 0;
    let leftoversSeen = 0;
    for (let attempt = 0; kills < KILLS && attempt < KILLS * 3; attempt++) {
      const { killed, pid } = await runAndKill(input, out, tmp, 1, Math.floor(random() * 2500));
      if (killed) { kills += 1; killedPids.add(pid); }
      leftoversSeen += staleCgroups(killedPids).length + staleMounts(join(tmp, 'medgrade-sandbox')).length;
      // A result that was complete stays exactly as it was: nothing is graded twice.
      const now = results(out);
      for (const [id, stamp] of complete) expect(now.get(id), `${id} rewritten after kill ${kills}`).toBe(stamp);
      for (const [id, stamp] of now) if (stamp.startsWith('graded')) complete.set(id, stamp);
    }
    expect(kills).toBe(KILLS);

    expect(await runToEnd(input, out, tmp)).toBe(0);
    expect(gradebook(out)).toEqual(expected);
    expect(results(out).size).toBe(SUBMISSIONS);
    for (const [id, stamp] of complete) expect(results(out).get(id)).toBe(stamp);
    // What the killed harnesses left is cleaned by the next start.
    expect(staleCgroups(killedPids)).toEqual([]);
    expect(staleMounts(join(tmp, 'medgrade-sandbox'))).toEqual([]);
    console.warn(`kill-resume: ${kills} kills survived, ${complete.size} results completed between kills, ${leftoversSeen} leftover cgroups/mounts seen after kills (all cleaned)`);
  }, 420_000);
});
