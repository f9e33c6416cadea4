import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../harness/util/fs.js';
import { PROJECT_ROOT } from '../../harness/version.js';

/** "2026-11-22, AMD EPYC ... (2 cores), load 1.2" — every figure carries its machine and date. */
export function machineLine(): string {
  const model = cpus()[0]?.model ?? 'unknown CPU';
  return `${new Date().toISOString().slice(0, 10)}, ${model} (${cpus().length} cores), 1-min load ${loadavg()[0]!.toFixed(2)} at the start`;
}

/** Replaces (or appends) the section `## heading` of docs/BENCHMARKS.md, leaving the others alone. */
export function writeBenchmarkSection(heading: string, body: string): void {
  const path = join(PROJECT_ROOT, 'docs', 'BENCHMARKS.md');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\nRun them with `npm run bench` (all) or `npm run bench -- NAME`.\n';
  const section = `## ${heading}\n\n${body.trim()}\n\n`;
  const start = text.indexOf(`## ${heading}\n`);
  if (start < 0) return writeFileAtomic(path, `${text.trimEnd()}\n\n${section}`);
  const next = text.indexOf('\n## ', start + 3);
  writeFileAtomic(path, text.slice(0, start) + section + (next < 0 ? '' : text.slice(next + 1)));
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function gitCommit(): string {
  try { return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT }).toString().trim(); } catch { return 'unknown'; }
}
