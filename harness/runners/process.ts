import { spawn } from 'node:child_process';
import { captureTail } from './capture.js';

export interface SpawnOptions {
  env: Record<string, string>;
  cwd?: string;
  wallSeconds: number;
  logBytes: number;
  /** Time between SIGTERM and SIGKILL after the wall-clock limit. */
  graceMs?: number;
  /** Called on timeout before the process group is signalled (e.g. kill a cgroup). */
  onTimeout?: () => void;
}

export interface SpawnResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  wallSeconds: number;
  stdoutTail: string;
  stderrTail: string;
  stdoutBytes: number;
  stderrBytes: number;
  /** Set when the command could not start at all (ENOENT...). */
  spawnError?: string;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

/**
 * Runs argv in its own process group with stdout/stderr tails and a wall-clock
 * kill of the whole group. Never throws for what the command does.
 */
export function spawnCaptured(argv: string[], opts: SpawnOptions): Promise<SpawnResult> {
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      env: opts.env, cwd: opts.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = captureTail(child.stdout, opts.logBytes);
    const err = captureTail(child.stderr, opts.logBytes);
    let timedOut = false;
    let spawnError: string | undefined;
    const grace = opts.graceMs ?? 2000;
    let killTimer: NodeJS.Timeout | undefined;
    const wallTimer = setTimeout(() => {
      timedOut = true;
      opts.onTimeout?.();
      killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => { opts.onTimeout?.(); killGroup(child.pid, 'SIGKILL'); }, grace);
    }, opts.wallSeconds * 1000);
    let exit: { code: number | null; signal: string | null } | null = null;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(wallTimer);
      if (killTimer) clearTimeout(killTimer);
      resolve({
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        timedOut,
        wallSeconds: seconds(),
        stdoutTail: out.text(),
        stderrTail: err.text() + (spawnError ? `\n${spawnError}` : ''),
        stdoutBytes: out.total(),
        stderrBytes: err.total(),
        ...(spawnError ? { spawnError } : {}),
      });
    };
    child.on('error', (e) => { spawnError = `could not start ${argv[0]}: ${e.message}`; finish(); });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // A leftover grandchild may hold the pipes open; do not wait on it forever.
      setTimeout(() => { child.stdout?.destroy(); child.stderr?.destroy(); finish(); }, 2000).unref();
    });
    child.on('close', () => finish());
  });
}
