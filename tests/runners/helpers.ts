import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Limits } from '../../harness/rubric/schema.js';
import type { Mount, PhaseSpec } from '../../harness/runners/types.js';

export const SMALL_LIMITS: Limits = { wallSeconds: 20, cpuSeconds: 20, memoryMb: 256, pids: 64, diskMb: 16, logBytes: 4096 };

/** A scratch layout: a read-only /work, /data and a writable /out. */
export function scratch(): { root: string; work: string; data: string; out: string; mounts: Mount[] } {
  const root = mkdtempSync(join(tmpdir(), 'medgrade-rt-'));
  const work = join(root, 'work');
  const data = join(root, 'data');
  const out = join(root, 'out');
  for (const d of [work, data, out]) mkdirSync(d);
  return {
    root, work, data, out,
    mounts: [{ host: work, target: '/work' }, { host: data, target: '/data' }, { host: out, target: '/out', writable: true }],
  };
}

export function pySpec(code: string, mounts: Mount[], limits: Partial<Limits> = {}, trace = false): PhaseSpec {
  return {
    phase: 'test',
    command: ['python', '-c', code],
    workdir: '/work',
    mounts,
    env: {},
    limits: { ...SMALL_LIMITS, ...limits },
    python: { executable: '/usr/bin/python3', roots: [], versions: {} },
    trace,
  };
}
