import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Slurm job states that end a task; anything else is still queued or running. */
const FINAL = new Set(['COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED', 'OUT_OF_MEMORY', 'NODE_FAIL', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE']);
export const isFinal = (state: string) => FINAL.has(state.split(' ')[0]!.replace(/\+$/, ''));

function run(cmd: string, args: string[]): string | null {
  try { return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 }).toString(); } catch { return null; }
}

/** Task index → state for tasks squeue still lists (pending or running). Null when squeue fails. */
export function queuedStates(jobId: string): Map<number, string> | null {
  const out = run('squeue', ['-h', '-r', '-j', jobId, '-o', '%i %T']);
  if (out === null) return null;
  return parseTaskLines(out, jobId, / /);
}

/** "J_i STATE" or "J_i|STATE|..." lines → index → state. */
export function parseTaskLines(text: string, jobId: string, sep: RegExp): Map<number, string> {
  const states = new Map<number, string>();
  for (const line of text.split('\n')) {
    const [id, state] = line.trim().split(sep);
    const m = new RegExp(`^${jobId}_(\\d+)$`).exec(id ?? '');
    if (m && state) states.set(Number(m[1]), state.split(' ')[0]!);
  }
  return states;
}

/** jobcomp/filetxt lines: "... JobState=TIMEOUT ... ArrayJobId=J ArrayTaskId=i ..." (sacct -c cannot read array ids). */
export function parseJobComp(text: string, jobId: string): Map<number, string> {
  const states = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = Object.fromEntries(line.split(' ').map((kv) => kv.split('=')).filter((p) => p.length === 2)) as Record<string, string>;
    if (f.ArrayJobId === jobId && f.ArrayTaskId !== undefined && f.JobState) states.set(Number(f.ArrayTaskId), f.JobState);
  }
  return states;
}

function jobCompFile(): string | null {
  const out = run('scontrol', ['show', 'config']);
  const type = /JobCompType\s*=\s*(\S+)/.exec(out ?? '')?.[1];
  const loc = /JobCompLoc\s*=\s*(\S+)/.exec(out ?? '')?.[1];
  return type === 'jobcomp/filetxt' && loc && existsSync(loc) ? loc : null;
}

/**
 * Final states of finished tasks: from accounting (sacct) where the cluster
 * keeps it; otherwise from the controller's memory of recent jobs (scontrol,
 * which also knows tasks cancelled before they started) and the jobcomp text
 * file (the single-node CI cluster), the controller winning.
 */
export function finishedStates(jobId: string): Map<number, string> {
  const acct = run('sacct', ['-n', '-P', '-X', '-j', jobId, '-o', 'JobID,State']);
  const fromAcct = acct ? parseTaskLines(acct, jobId, /\|/) : new Map<number, string>();
  if (fromAcct.size) return fromAcct;
  const file = jobCompFile();
  const states = file ? parseJobComp(readFileSync(file, 'utf8'), jobId) : new Map<number, string>();
  const ctl = run('scontrol', ['-o', 'show', 'job', jobId]);
  for (const [i, state] of parseJobComp(ctl ?? '', jobId)) if (isFinal(state)) states.set(i, state);
  return states;
}
