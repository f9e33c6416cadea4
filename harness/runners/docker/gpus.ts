import { execFileSync } from 'node:child_process';
import { MedgradeError } from '../../errors.js';

/** What `--gpus` asked for: none, every GPU, a count, or listed device ids. */
export type GpuRequest = { kind: 'none' } | { kind: 'all' } | { kind: 'count'; count: number } | { kind: 'ids'; ids: string[] };

/** Docker's HostConfig.DeviceRequests entry. */
export interface DeviceRequest {
  Driver: string;
  Count: number;
  DeviceIDs: string[];
  Capabilities: string[][];
  Options: Record<string, string>;
}

/**
 * Parses `--gpus` as Docker does: "all", a count ("2"), or device ids or UUIDs
 * ("0,2", "device=1", "GPU-3f1c..."). "none", "0" or an empty value ask for none.
 */
export function parseGpus(value: string | undefined): GpuRequest {
  const v = (value ?? '').trim();
  if (v === '' || v === 'none') return { kind: 'none' };
  if (v === 'all') return { kind: 'all' };
  if (/^\d+$/.test(v)) return Number(v) === 0 ? { kind: 'none' } : { kind: 'count', count: Number(v) };
  const ids = v.replace(/^device=/, '').split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0 || ids.some((id) => !/^(\d+|GPU-[0-9a-fA-F-]+|MIG-[0-9a-zA-Z/-]+)$/.test(id))) {
    throw new MedgradeError('E_USAGE', `--gpus expects all, a count (2), or device ids (0,2 or device=1); got "${v}"`);
  }
  return { kind: 'ids', ids };
}

/**
 * Inside a Slurm task given GPUs with --gres, the host's device ids the task
 * owns (SLURM_JOB_GPUS; CUDA_VISIBLE_DEVICES may be renumbered under cgroup
 * device constraints). Null outside such a task.
 */
export function gpusFromSlurm(env: NodeJS.ProcessEnv): GpuRequest | null {
  const ids = (env.SLURM_STEP_GPUS ?? env.SLURM_JOB_GPUS ?? '').split(',').map((s) => s.trim()).filter((s) => /^\d+$/.test(s));
  return env.SLURM_JOB_ID && ids.length ? { kind: 'ids', ids } : null;
}

/** The DeviceRequests Docker needs for a request (empty for none). */
export function deviceRequests(req: GpuRequest): DeviceRequest[] {
  const base = { Driver: 'nvidia', Capabilities: [['gpu']], Options: {} };
  switch (req.kind) {
    case 'none': return [];
    case 'all': return [{ ...base, Count: -1, DeviceIDs: [] }];
    case 'count': return req.count > 0 ? [{ ...base, Count: req.count, DeviceIDs: [] }] : [];
    case 'ids': return [{ ...base, Count: 0, DeviceIDs: req.ids }];
  }
}

/**
 * Hands each concurrent job its own device from a fixed list: `acquire` waits
 * until one is free, `release` gives it back. With jobs ≤ devices no job waits.
 */
export function createGpuPool(ids: string[]) {
  const free = [...ids];
  const waiting: ((id: string) => void)[] = [];
  return {
    size: ids.length,
    async acquire(): Promise<string> {
      const id = free.shift();
      if (id !== undefined) return id;
      return new Promise((resolve) => waiting.push(resolve));
    },
    release(id: string): void {
      const next = waiting.shift();
      if (next) next(id);
      else free.push(id);
    },
  };
}
export type GpuPool = ReturnType<typeof createGpuPool>;

/** GPU model and driver for provenance, where nvidia-smi exists; {} otherwise. */
export function gpuProvenance(): Record<string, string> {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=index,name,driver_version', '--format=csv,noheader'], { stdio: 'pipe', timeout: 10_000 }).toString().trim();
    const rows = out.split('\n').map((l) => l.split(',').map((s) => s.trim()));
    if (rows.length === 0 || !rows[0]![1]) return {};
    return {
      gpu: rows.map((r) => `${r[0]}:${r[1]}`).join('; '),
      gpuDriver: rows[0]![2] ?? 'unknown',
    };
  } catch {
    return {};
  }
}

/** True for the engine's answer when no GPU runtime is installed. */
export function isNoGpuDriverError(e: unknown): boolean {
  return /could not select device driver/i.test(String((e as Error)?.message ?? e));
}
