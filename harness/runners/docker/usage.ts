import { readFileSync } from 'node:fs';

/** Peak memory and CPU time of a running container, sampled from its cgroup (v1, cgroupfs driver). */
export interface UsageSampler {
  stop(): { peakMemoryMb: number | null; cpuSeconds: number | null };
}

function readNumber(path: string): number | null {
  try { const n = Number(readFileSync(path, 'utf8').trim()); return Number.isFinite(n) ? n : null; } catch { return null; }
}

/**
 * The engine removes a container's cgroup when it exits, so the counters are
 * read every `everyMs` while it runs and the last reading is kept: the peak is
 * exact (max_usage only grows) up to the last sample, CPU time a lower bound.
 * Both stay null where the cgroup is elsewhere (cgroup v2, systemd driver).
 */
export function sampleUsage(id: string, everyMs = 250, root = '/sys/fs/cgroup'): UsageSampler {
  const mem = `${root}/memory/docker/${id}/memory.max_usage_in_bytes`;
  const cpu = `${root}/cpuacct/docker/${id}/cpuacct.usage`;
  let peak: number | null = null;
  let nanos: number | null = null;
  const read = () => {
    const m = readNumber(mem);
    const c = readNumber(cpu);
    if (m !== null) peak = Math.max(peak ?? 0, m);
    if (c !== null) nanos = Math.max(nanos ?? 0, c);
  };
  read();
  const timer = setInterval(read, everyMs);
  timer.unref();
  return {
    stop() {
      read();
      clearInterval(timer);
      return {
        peakMemoryMb: peak === null ? null : Math.round((peak / 1024 / 1024) * 10) / 10,
        cpuSeconds: nanos === null ? null : Math.round(nanos / 1e6) / 1000,
      };
    },
  };
}
