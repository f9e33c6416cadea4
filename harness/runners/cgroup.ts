import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * cgroup v1 children for one run: memory (limit, peak, OOM), pids (fork bombs)
 * and cpuacct (CPU seconds). Each is created under this process's own cgroup of
 * that controller, named medgrade-<ourpid>-<random> so stale ones can be found.
 */
export interface RunCgroups {
  /** cgroup.procs files to write the child's pid into before exec. */
  procsFiles: string[];
  enforced: string[];
  peakMemoryMb(): number | null;
  oomKilled(): boolean;
  cpuSeconds(): number | null;
  /** SIGKILLs every process still in the run's cgroups. */
  killAll(): void;
  remove(): void;
}

const ROOT = '/sys/fs/cgroup';
const PREFIX = 'medgrade-';

/** This process's cgroup folder for a v1 controller, or null when not mounted. */
export function ownCgroupDir(controller: string, root = ROOT): string | null {
  let text: string;
  try { text = readFileSync('/proc/self/cgroup', 'utf8'); } catch { return null; }
  for (const line of text.split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers === undefined || path === undefined) continue;
    if (!controllers.split(',').includes(controller)) continue;
    for (const mount of [join(root, controller), join(root, controllers)]) {
      const dir = join(mount, path);
      if (existsSync(join(dir, 'cgroup.procs'))) return dir;
    }
  }
  return null;
}

function readNumber(file: string): number | null {
  try { const n = Number(readFileSync(file, 'utf8').trim()); return Number.isFinite(n) ? n : null; } catch { return null; }
}

function tryWrite(file: string, value: string): boolean {
  try { writeFileSync(file, value); return true; } catch { return false; }
}

function pidsIn(dir: string): number[] {
  try {
    return readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch { return []; }
}

function removeDir(dir: string): void {
  // rmdir fails while processes are still dying; retry briefly.
  for (let i = 0; i < 50; i++) {
    if (!existsSync(dir)) return;
    for (const pid of pidsIn(dir)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    try { rmdirSync(dir); return; } catch { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); }
  }
}

export interface CgroupLimits { memoryMb?: number; pids?: number }

/** Creates the run's cgroups; a controller that cannot be used is left out of `enforced`. */
export function createRunCgroups(limits: CgroupLimits, root = ROOT): RunCgroups {
  const name = `${PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`;
  const dirs: Record<string, string> = {};
  const enforced: string[] = [];
  for (const controller of ['memory', 'pids', 'cpuacct']) {
    const parent = ownCgroupDir(controller, root);
    if (!parent) continue;
    const dir = join(parent, name);
    try { mkdirSync(dir); } catch { continue; }
    dirs[controller] = dir;
  }
  if (dirs.memory && limits.memoryMb) {
    const bytes = String(limits.memoryMb * 1024 * 1024);
    if (tryWrite(join(dirs.memory, 'memory.limit_in_bytes'), bytes)) {
      // With swap accounting, memsw must be limited too or the hog just swaps.
      const memsw = join(dirs.memory, 'memory.memsw.limit_in_bytes');
      if (existsSync(memsw)) tryWrite(memsw, bytes);
      enforced.push('memory');
    }
  }
  if (dirs.pids && limits.pids && tryWrite(join(dirs.pids, 'pids.max'), String(limits.pids))) enforced.push('pids');
  const all = Object.values(dirs);
  return {
    procsFiles: all.map((d) => join(d, 'cgroup.procs')),
    enforced,
    peakMemoryMb: () => {
      const peak = dirs.memory ? readNumber(join(dirs.memory, 'memory.max_usage_in_bytes')) : null;
      return peak === null ? null : Math.round((peak / 1024 / 1024) * 10) / 10;
    },
    oomKilled: () => {
      if (!dirs.memory) return false;
      try {
        const control = readFileSync(join(dirs.memory, 'memory.oom_control'), 'utf8');
        const kills = /oom_kill (\d+)/.exec(control);
        if (kills) return Number(kills[1]) > 0;
      } catch { /* older kernels lack oom_kill */ }
      return (readNumber(join(dirs.memory, 'memory.failcnt')) ?? 0) > 0;
    },
    cpuSeconds: () => {
      const ns = dirs.cpuacct ? readNumber(join(dirs.cpuacct, 'cpuacct.usage')) : null;
      return ns === null ? null : Math.round(ns / 1e6) / 1e3;
    },
    killAll: () => {
      for (const dir of all) for (const pid of pidsIn(dir)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    },
    remove: () => { for (const dir of all) removeDir(dir); },
  };
}

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/**
 * Removes medgrade-* cgroups whose creating process is gone. Processes still in
 * them belong to a run whose harness died, so they are killed first.
 */
export function cleanupStaleCgroups(root = ROOT): string[] {
  const removed: string[] = [];
  for (const controller of ['memory', 'pids', 'cpuacct']) {
    const parent = ownCgroupDir(controller, root);
    if (!parent) continue;
    let entries: string[] = [];
    try { entries = readdirSync(parent); } catch { continue; }
    for (const entry of entries) {
      const m = /^medgrade-(\d+)-[0-9a-f]+$/.exec(entry);
      if (!m) continue;
      const dir = join(parent, entry);
      if (pidAlive(Number(m[1]))) continue;
      removeDir(dir);
      if (!existsSync(dir)) removed.push(dir);
    }
  }
  return removed;
}
