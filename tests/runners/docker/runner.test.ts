import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker } from '../../../harness/image/engine.js';
import { createDockerRunner, PID_LABEL } from '../../../harness/runners/docker/index.js';
import type { PhaseSpec } from '../../../harness/runners/types.js';
import { dockerMissing } from './engine.js';

const missing = await dockerMissing();
const root = mkdtempSync(join(tmpdir(), 'docker-runner-'));

function spec(code: string, over: Partial<PhaseSpec['limits']> = {}): PhaseSpec {
  const work = mkdtempSync(join(root, 'w-'));
  const out = join(work, 'out');
  mkdirSync(join(work, 'code'));
  mkdirSync(out);
  writeFileSync(join(work, 'code', 'main.py'), code);
  return {
    phase: 'train', command: ['python', 'main.py'], workdir: '/work',
    mounts: [{ host: join(work, 'code'), target: '/work' }, { host: out, target: '/out', writable: true }],
    env: {}, limits: { wallSeconds: 20, cpuSeconds: 20, memoryMb: 256, pids: 32, diskMb: 16, logBytes: 1024, ...over },
    python: { executable: '/usr/bin/python3', roots: [], versions: {} }, trace: false,
  };
}

describe.skipIf(missing)('docker runner', () => {
  const runner = createDockerRunner();
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('runs as 65534 with no network, a read-only root, and copies /out back', async () => {
    const s = spec([
      'import os, socket',
      'print(os.getuid(), os.getgid())',
      'try:\n    socket.create_connection(("1.1.1.1", 53), timeout=2); print("net")\nexcept OSError: print("no-net")',
      'try:\n    open("/usr/x", "w"); print("rw")\nexcept OSError: print("ro")',
      'try:\n    open("/work/x", "w"); print("work-rw")\nexcept OSError: print("work-ro")',
      'open("/out/model.txt", "w").write("weights")',
    ].join('\n'));
    const o = await runner.run(s);
    expect(o.record.exitCode).toBe(0);
    expect(o.record.stdoutTail.split('\n')).toEqual(['65534 65534', 'no-net', 'ro', 'work-ro', '']);
    expect(readFileSync(join(s.mounts[1]!.host, 'model.txt'), 'utf8')).toBe('weights');
  });

  it('reads a submission file that only its owner may read, as the sandbox does', async () => {
    const s = spec('print(open("/work/helper.txt").read())');
    writeFileSync(join(s.mounts[0]!.host, 'helper.txt'), 'private', { mode: 0o600 });
    const o = await runner.run(s);
    expect(o.record.stdoutTail).toBe('private\n');
  });

  it('kills at the wall-clock limit and records a timeout', async () => {
    const o = await runner.run(spec('import time\nprint("start", flush=True)\ntime.sleep(60)', { wallSeconds: 2 }));
    expect(o.record.timedOut).toBe(true);
    expect(o.record.wallSeconds).toBeLessThan(10);
    expect(o.record.stdoutTail).toContain('start');
  });

  it('OOM-kills above the memory limit (memory = memory+swap)', async () => {
    const o = await runner.run(spec('x = bytearray(400 * 1024 * 1024)\nx[::4096] = b"1" * len(x[::4096])', { memoryMb: 64 }));
    expect(o.record.oomKilled).toBe(true);
    expect(o.record.exitCode).toBe(137);
  });

  it('records peak memory and CPU time from the container\'s cgroup', async () => {
    const o = await runner.run(spec('import time\nx = bytearray(60 * 1024 * 1024)\nt = time.process_time()\nwhile time.process_time() - t < 0.6: pass\ntime.sleep(0.5)'));
    expect(o.record.exitCode).toBe(0);
    expect(o.record.peakMemoryMb).toBeGreaterThan(60);
    expect(o.record.cpuSeconds).toBeGreaterThan(0.5);
  });

  it('stops a fork bomb at the pids limit', async () => {
    const o = await runner.run(spec('import os\nn = 0\ntry:\n    while True:\n        if os.fork() == 0:\n            import time; time.sleep(5); os._exit(0)\n        n += 1\nexcept OSError:\n    print("forks", n)', { pids: 16 }));
    const n = Number(/forks (\d+)/.exec(o.record.stdoutTail)?.[1]);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(16);
  });

  it('keeps only the last logBytes of output and counts all of it', async () => {
    const o = await runner.run(spec('import sys\nfor i in range(20000): print(i)\nsys.stderr.write("E" * 3000)', { logBytes: 1024 }));
    expect(o.record.stdoutBytes).toBe(Array.from({ length: 20000 }, (_, i) => `${i}\n`).join('').length);
    expect(o.record.stdoutTail.length).toBe(1024);
    expect(o.record.stdoutTail.endsWith('19999\n')).toBe(true);
    expect(o.record.stderrBytes).toBe(3000);
    expect(o.record.stderrTail).toBe('E'.repeat(1024));
  });

  it('answers a GPU request on this engine with the driver error and removes the created container', async () => {
    const gpuRunner = createDockerRunner({ gpus: { kind: 'all' } });
    await expect(gpuRunner.run(spec('print(1)'))).rejects.toThrow(/could not select device driver/);
    const left = await connectDocker().listContainers({ all: true, filters: { label: [`${PID_LABEL}=${hostname()}:${process.pid}`] } });
    expect(left).toEqual([]);
  });

  it('records file access with strace inside the container', async () => {
    const s = { ...spec('import os\nos.path.exists("/data/test/x.png")\nopen("/work/main.py").read()'), trace: true };
    const o = await runner.run(s);
    expect(o.traceSkipped).toBeUndefined();
    expect(o.events.some((e) => e.path === '/data/test/x.png' && e.error === 'ENOENT')).toBe(true);
    expect(o.events.some((e) => e.op === 'open' && e.path === '/work/main.py')).toBe(true);
  });
});
