import { describe, expect, it } from 'vitest';
import { createGpuPool, deviceRequests, gpusFromSlurm, parseGpus } from '../../../harness/runners/docker/gpus.js';

describe('--gpus', () => {
  it('parses all, counts, ids and none as Docker does', () => {
    expect(parseGpus('all')).toEqual({ kind: 'all' });
    expect(parseGpus('2')).toEqual({ kind: 'count', count: 2 });
    expect(parseGpus('0,2')).toEqual({ kind: 'ids', ids: ['0', '2'] });
    expect(parseGpus('device=1')).toEqual({ kind: 'ids', ids: ['1'] });
    expect(parseGpus(undefined)).toEqual({ kind: 'none' });
    expect(parseGpus('0')).toEqual({ kind: 'none' });
    expect(() => parseGpus('some')).toThrow(/--gpus expects/);
  });

  it('builds the DeviceRequests shape the engine expects', () => {
    expect(deviceRequests({ kind: 'all' })).toEqual([{ Driver: 'nvidia', Count: -1, DeviceIDs: [], Capabilities: [['gpu']], Options: {} }]);
    expect(deviceRequests({ kind: 'count', count: 2 })).toEqual([{ Driver: 'nvidia', Count: 2, DeviceIDs: [], Capabilities: [['gpu']], Options: {} }]);
    expect(deviceRequests({ kind: 'ids', ids: ['0', '2'] })).toEqual([{ Driver: 'nvidia', Count: 0, DeviceIDs: ['0', '2'], Capabilities: [['gpu']], Options: {} }]);
    expect(deviceRequests({ kind: 'none' })).toEqual([]);
  });

  it('takes a Slurm task\'s own devices (SLURM_JOB_GPUS), and none outside Slurm', () => {
    expect(gpusFromSlurm({ SLURM_JOB_ID: '7', SLURM_JOB_GPUS: '2,3', CUDA_VISIBLE_DEVICES: '0,1' })).toEqual({ kind: 'ids', ids: ['2', '3'] });
    expect(gpusFromSlurm({ SLURM_JOB_ID: '7' })).toBeNull();
    expect(gpusFromSlurm({ SLURM_JOB_GPUS: '1' })).toBeNull();
  });

  it('gives each concurrent job its own device and makes the next one wait', async () => {
    const pool = createGpuPool(['0', '1']);
    const a = await pool.acquire();
    const b = await pool.acquire();
    expect(new Set([a, b])).toEqual(new Set(['0', '1']));
    let third: string | null = null;
    const waiting = pool.acquire().then((id) => { third = id; });
    await Promise.resolve();
    expect(third).toBeNull();
    pool.release(b);
    await waiting;
    expect(third).toBe(b);
  });
});

describe('docker available()', () => {
  it('says plainly that no engine answers, and what to do', async () => {
    const { createDockerRunner } = await import('../../../harness/runners/docker/index.js');
    const runner = createDockerRunner({ host: 'unix:///nonexistent/docker.sock' });
    const a = await runner.available();
    expect(a.ok).toBe(false);
    expect(a.reason).toMatch(/no Docker engine reachable at unix:\/\/\/nonexistent\/docker.sock .*; start dockerd .* or use --runner sandbox/);
  });
});
