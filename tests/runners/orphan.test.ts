import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { createSandboxRunner } from '../../harness/runners/sandbox.js';

const ok = (await createSandboxRunner().available()).ok;
if (!ok) console.warn('harness-death test skipped: bubblewrap unavailable');

/** Pids whose command line holds the token (and starts with `prefix`, when given). */
function withToken(token: string, prefix = ''): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      return cmd.includes(token) && cmd.startsWith(prefix);
    } catch { return false; }
  }).map(Number);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!ok)('sandbox runner when the harness dies', () => {
  it('kills the sandboxed processes (plain and traced) when the harness is SIGKILLed', { timeout: 120_000 }, async () => {
    const token = `medgrade-orphan-${randomBytes(6).toString('hex')}`;
    const root = mkdtempSync(join(tmpdir(), 'medgrade-orphan-'));
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./orphan-child.ts', import.meta.url)), token, root], { stdio: 'ignore' });
    let running: number[] = [];
    try {
      // On a loaded machine the child takes a while to start both phases.
      for (let i = 0; i < 600 && running.length < 2; i++) { await sleep(100); running = withToken(token, '/usr/bin/python3'); }
    } finally {
      child.kill('SIGKILL');
    }
    // Both phases' python processes were up inside their sandboxes.
    expect(running.length).toBeGreaterThanOrEqual(2);
    let left = running;
    for (let i = 0; i < 150 && left.length > 0; i++) { await sleep(100); left = withToken(token); }
    expect(left).toEqual([]);
    // What the dead harness left (cgroups, tmpfs mounts) goes with cleanupStale.
    const cgroupsOf = () => ['memory', 'pids'].flatMap((c) => {
      const line = readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.split(':')[1] === c);
      const dir = `/sys/fs/cgroup/${c}${line?.split(':')[2] ?? ''}`;
      try { return readdirSync(dir).filter((n) => n.startsWith(`medgrade-${child.pid}-`)); } catch { return []; }
    });
    const mountsUnder = () => readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(root));
    expect(mountsUnder().length).toBeGreaterThan(0);
    await createSandboxRunner({ workRoot: join(root, 'wr') }).cleanupStale!();
    expect(cgroupsOf()).toEqual([]);
    expect(mountsUnder()).toEqual([]);
  });
});
