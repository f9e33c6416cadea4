import { describe, expect, it, beforeAll } from 'vitest';
import { createServer, type Server } from 'node:net';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createSandboxRunner } from '../../harness/runners/sandbox.js';
import { ownCgroupDir } from '../../harness/runners/cgroup.js';
import type { Runner } from '../../harness/runners/types.js';
import { pySpec, scratch } from './helpers.js';

const runner: Runner = createSandboxRunner();
const availability = await runner.available();
if (!availability.ok) console.warn(`sandbox tests skipped: ${availability.reason}`);
const isRoot = process.getuid?.() === 0;
const memoryCg = ownCgroupDir('memory');
if (!isRoot || !memoryCg) console.warn('cgroup/tmpfs sandbox tests skipped: need root and a cgroup v1 memory controller');

function ourCgroups(): string[] {
  const dirs = [ownCgroupDir('memory'), ownCgroupDir('pids')].filter((d): d is string => d !== null);
  return dirs.flatMap((d) => readdirSync(d).filter((n) => n.startsWith(`medgrade-${process.pid}-`)));
}

describe.skipIf(!availability.ok)('sandbox runner (real bubblewrap)', () => {
  let server: Server;
  let port = 0;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((s) => { connections++; s.end('hello'); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as { port: number }).port;
    return () => server.close();
  });

  it('blocks the network: a connect to a server on the host 127.0.0.1 fails', async () => {
    const s = scratch();
    const code = `import socket\ns=socket.socket()\ns.settimeout(3)\ntry:\n s.connect(("127.0.0.1", ${port})); print("connected")\nexcept OSError as e: print("blocked", e.errno)`;
    const { record } = await runner.run(pySpec(code, s.mounts));
    expect(record.stdoutTail).toMatch(/^blocked/);
    expect(connections).toBe(0);
    expect(record.isolation).toContain('network');
  });

  it('hides unbound folders and refuses writes to read-only mounts', async () => {
    const s = scratch();
    writeFileSync(join(s.data, 'x.txt'), 'x');
    const secret = join(s.root, 'secret');
    mkdirSync(secret);
    const code = [
      'import os, errno',
      `print(os.path.exists(${JSON.stringify(secret)}), os.path.exists("/root"), os.path.exists("/data/x.txt"))`,
      'try:\n open("/data/new.txt","w")\nexcept OSError as e: print(errno.errorcode[e.errno])',
    ].join('\n');
    const { record } = await runner.run(pySpec(code, s.mounts));
    expect(record.stdoutTail).toBe('False False True\nEROFS\n');
    expect(existsSync(join(s.data, 'new.txt'))).toBe(false);
  });

  it('throws (a harness error, not a crash record) when a mount source is missing', async () => {
    const s = scratch();
    const spec = pySpec('pass', [...s.mounts, { host: join(s.root, 'nope'), target: '/nope' }]);
    await expect(runner.run(spec)).rejects.toMatchObject({ code: 'E_INPUT_NOT_FOUND' });
  });

  it('wall-clock limit kills sleep, and a process ignoring SIGTERM', async () => {
    const s = scratch();
    const sleep = await runner.run({ ...pySpec('', s.mounts, { wallSeconds: 1 }), command: ['/usr/bin/sleep', '30'] });
    expect(sleep.record.timedOut).toBe(true);
    expect(sleep.record.wallSeconds).toBeLessThan(5);
    const stubborn = 'import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint("ready", flush=True)\ntime.sleep(30)';
    const res = await runner.run(pySpec(stubborn, s.mounts, { wallSeconds: 1 }));
    expect(res.record.timedOut).toBe(true);
    expect(res.record.stdoutTail).toBe('ready\n');
    expect(res.record.wallSeconds).toBeLessThan(6);
  });

  it('CPU limit stops a busy loop long before the wall-clock limit', async () => {
    const s = scratch();
    // A generous wall limit: on a loaded machine one CPU-second can take several wall seconds.
    const { record } = await runner.run(pySpec('while True: pass', s.mounts, { cpuSeconds: 1, wallSeconds: 60 }));
    expect(record.signal).toBe('SIGXCPU');
    expect(record.timedOut).toBe(true);
    expect(record.cpuSeconds).toBeGreaterThan(0.5);
    expect(record.wallSeconds).toBeLessThan(55);
  });

  it('keeps only the tail of 20 MB of stdout and counts every byte', async () => {
    const s = scratch();
    const code = 'import sys\nline = b"x" * 1023 + b"\\n"\nfor _ in range(20 * 1024): sys.stdout.buffer.write(line)\nsys.stdout.buffer.write(b"END")';
    const { record } = await runner.run(pySpec(code, s.mounts, { logBytes: 1000 }));
    expect(record.exitCode).toBe(0);
    expect(record.stdoutBytes).toBe(20 * 1024 * 1024 + 3);
    expect(record.stdoutTail.length).toBeLessThanOrEqual(1000);
    expect(record.stdoutTail.endsWith('xxx\nEND')).toBe(true);
  });

  it('traces an attempted open of /data/test/x.png and a connect, with sandbox paths', async () => {
    const s = scratch();
    const code = `import socket\ntry: open("/data/test/x.png","rb")\nexcept OSError: pass\ntry: socket.create_connection(("127.0.0.1", ${port}), timeout=2)\nexcept OSError: pass\nopen("/out/p.csv","w").write("id,p\\n")`;
    const { events, traceSkipped, record } = await runner.run(pySpec(code, s.mounts, {}, true));
    expect(traceSkipped).toBeUndefined();
    expect(record.exitCode).toBe(0);
    expect(events).toContainEqual(expect.objectContaining({ op: 'open', path: '/data/test/x.png', error: 'ENOENT' }));
    expect(events).toContainEqual(expect.objectContaining({ op: 'connect', path: `127.0.0.1:${port}` }));
    expect(events).toContainEqual(expect.objectContaining({ op: 'write', path: '/out/p.csv' }));
    expect(events.some((e) => e.op === 'exec' && e.path === '/usr/bin/python3')).toBe(true);
    // bwrap's own setup (host paths) is not reported.
    expect(events.some((e) => e.path.includes('bwrap'))).toBe(false);
  });

  it.skipIf(!existsSync('/usr/bin/fc-match') || !existsSync('/var/cache/fontconfig'))('fontconfig (matplotlib) makes no write attempt outside /out and /tmp', async () => {
    const s = scratch();
    const { events, record } = await runner.run({ ...pySpec('', s.mounts, {}, true), command: ['/usr/bin/fc-match', 'sans'] });
    expect(record.exitCode).toBe(0);
    expect(events.filter((e) => e.op === 'write' && !/^\/(out|tmp)\//.test(e.path))).toEqual([]);
  });

  describe.skipIf(!isRoot || !memoryCg)('cgroup and tmpfs limits', () => {
    it('memory hog is OOM-killed and reported', async () => {
      const s = scratch();
      const code = 'x = []\nfor _ in range(100): x.append(bytearray(8 * 1024 * 1024))\nprint("survived")';
      const { record } = await runner.run(pySpec(code, s.mounts, { memoryMb: 64 }));
      expect(record.oomKilled).toBe(true);
      expect(record.exitCode).toBe(137);
      expect(record.stdoutTail).not.toContain('survived');
      expect(record.peakMemoryMb).toBeGreaterThan(50);
      expect(record.peakMemoryMb).toBeLessThanOrEqual(65);
    });

    it('fork bomb is contained by the pids limit and the host carries on', async () => {
      const s = scratch();
      const code = [
        'import os, time, errno',
        'n = 0',
        'for _ in range(500):',
        '  try:',
        '    if os.fork() == 0:',
        '      time.sleep(30); os._exit(0)',
        '    n += 1',
        '  except OSError as e:',
        '    print("stopped", n, errno.errorcode[e.errno], flush=True); break',
        'os._exit(0)',
      ].join('\n');
      const { record } = await runner.run(pySpec(code, s.mounts, { pids: 20, wallSeconds: 10 }));
      const m = /stopped (\d+) EAGAIN/.exec(record.stdoutTail);
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBeLessThan(20);
      expect(record.wallSeconds).toBeLessThan(8);
      // The host can still fork, and the run's cgroups (with the sleeping children) are gone.
      expect(execFileSync('/usr/bin/echo', ['ok']).toString()).toBe('ok\n');
      expect(ourCgroups()).toEqual([]);
    });

    it('disk fill of /out stops at diskMb and the outputs are copied back', async () => {
      const s = scratch();
      const code = 'import errno\nn = 0\nf = open("/out/fill.bin", "wb")\ntry:\n while True:\n  f.write(b"\\0" * 1048576); f.flush(); n += 1\nexcept OSError as e:\n print(errno.errorcode[e.errno], n)';
      const { record } = await runner.run(pySpec(code, s.mounts, { diskMb: 8, memoryMb: 256 }));
      expect(record.stdoutTail).toMatch(/^ENOSPC \d+/);
      expect(record.isolation).toContain('disk');
      const size = statSync(join(s.out, 'fill.bin')).size;
      expect(size).toBeGreaterThan(4 * 1048576);
      expect(size).toBeLessThanOrEqual(8 * 1048576);
    });

    it('refuses links in the output folder and reports them as escapes', async () => {
      const s = scratch();
      const code = 'import os\nopen("/out/ok.txt","w").write("ok")\nos.symlink("/etc/passwd", "/out/link")\nos.link("/out/ok.txt", "/out/hard.txt")';
      const outcome = await runner.run(pySpec(code, s.mounts));
      expect(outcome.outputEscapes).toEqual(['/out/hard.txt', '/out/link', '/out/ok.txt']);
      expect(readdirSync(s.out)).toEqual([]);
    });

    it('cleanupStale removes cgroups and tmpfs mounts a dead run left behind', async () => {
      const workRoot = scratch().root;
      const dead = Number(execFileSync('/bin/sh', ['-c', 'echo $$']).toString());
      const cg = join(memoryCg!, `medgrade-${dead}-deadbeef`);
      mkdirSync(cg);
      const mnt = join(workRoot, `medgrade-disk-${dead}-deadbeef`);
      mkdirSync(mnt);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
      await createSandboxRunner({ workRoot }).cleanupStale!();
      expect(existsSync(cg)).toBe(false);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(mnt);
    });
  });
});
