import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import type { RunRecord } from '../schema/result.js';
import type { Availability, Mount, PhaseOutcome, PhaseSpec, Runner } from './types.js';
import { phaseEnv, resolveCommand } from './bwrap.js';
import { createRunCgroups, type RunCgroups } from './cgroup.js';
import { spawnCaptured } from './process.js';

/**
 * Maps a sandbox path to its host path through the longest mount target that
 * prefixes it. Also rewrites "--flag=/data/x" forms. Other text is left alone.
 */
export function mapToHost(value: string, mounts: Mount[]): string {
  const sorted = [...mounts].sort((a, b) => b.target.length - a.target.length);
  const mapOne = (p: string): string => {
    for (const m of sorted) {
      const t = m.target.replace(/\/$/, '');
      if (p === t) return m.host;
      if (p.startsWith(t + '/')) return posix.join(m.host, p.slice(t.length + 1));
    }
    return p;
  };
  const eq = value.indexOf('=');
  if (!value.startsWith('/') && eq > 0 && value[eq + 1] === '/') return value.slice(0, eq + 1) + mapOne(value.slice(eq + 1));
  return mapOne(value);
}

/**
 * Runs a phase on the host with no isolation, for students checking their own
 * work (macOS included). Limits other than wall-clock time are not enforced.
 */
export function createLocalRunner(): Runner {
  async function available(): Promise<Availability> {
    return { ok: true };
  }

  async function run(spec: PhaseSpec): Promise<PhaseOutcome> {
    const { limits } = spec;
    const map = (v: string) => mapToHost(v, spec.mounts);
    const argv = resolveCommand(spec).map(map);
    const base = phaseEnv(spec, process.env.HOME ?? '/tmp');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(base)) env[k] = map(v);
    // Keep the user's own PATH after the env's bin folder so their tools still resolve.
    env.PATH = `${posix.dirname(spec.python.executable)}:${process.env.PATH ?? '/usr/bin:/bin'}`;
    if (process.env.LANG) env.LANG = process.env.LANG;
    // Measuring only: a cgroup with no limits gives peak memory and CPU on Linux as root.
    let cg: RunCgroups | null = null;
    if (process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/sys/fs/cgroup/memory')) cg = createRunCgroups({});
    const joinCg = cg?.procsFiles.map((f) => `echo $$ > '${f}'`).join(' && ');
    const wrapped = joinCg ? ['/bin/sh', '-c', `${joinCg}; exec "$@"`, 'medgrade-wrap', ...argv] : argv;
    try {
      const res = await spawnCaptured(wrapped, {
        env, cwd: map(spec.workdir), wallSeconds: limits.wallSeconds, logBytes: limits.logBytes,
        onTimeout: () => cg?.killAll(),
      });
      cg?.killAll();
      const record: RunRecord = {
        phase: spec.phase,
        runner: 'local',
        command: spec.command,
        exitCode: res.exitCode,
        signal: res.signal,
        timedOut: res.timedOut,
        oomKilled: false,
        wallSeconds: Math.round(res.wallSeconds * 1000) / 1000,
        cpuSeconds: cg?.cpuSeconds() ?? null,
        peakMemoryMb: cg?.peakMemoryMb() ?? null,
        stdoutTail: res.stdoutTail,
        stderrTail: res.stderrTail,
        stdoutBytes: res.stdoutBytes,
        stderrBytes: res.stderrBytes,
        isolation: [],
      };
      return { record, events: [], ...(spec.trace ? { traceSkipped: 'the local runner does not trace' } : {}) };
    } finally {
      cg?.remove();
    }
  }

  return { name: 'local', isolated: false, available, run };
}
