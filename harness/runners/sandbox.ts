import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MedgradeError } from '../errors.js';
import type { RunRecord } from '../schema/result.js';
import type { Availability, PhaseOutcome, PhaseSpec, Runner } from './types.js';
import { buildBwrapArgs, resolveCommand } from './bwrap.js';
import { cleanupStaleCgroups, createRunCgroups, type RunCgroups } from './cgroup.js';
import { canMount, cleanupStaleMounts, mountRunDisk, type RunDisk } from './disk.js';
import { copyBackNote, copyOutputs } from './outputs.js';
import { spawnCaptured } from './process.js';
import { parseStraceFile, TRACED_SYSCALLS } from './strace.js';

export interface SandboxOptions {
  /** Where tmpfs mount points and trace logs go; cleanupStale looks here. */
  workRoot?: string;
  /** Size of the separate tmpfs that holds the strace log. */
  traceMb?: number;
  /** Most files copied back out of each writable folder. */
  maxOutputFiles?: number;
}

/** First match on a fixed PATH; the harness never trusts the caller's PATH for these. */
export function findTool(name: string): string | null {
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin']) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

function signalName(code: number | null): string | null {
  if (code === null || code <= 128 || code > 128 + 64) return null;
  const found = Object.entries(osConstants.signals).find(([, n]) => n === code - 128);
  return found ? found[0] : null;
}

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

function emptyDir(dir: string): void {
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
}

export function createSandboxRunner(opts: SandboxOptions = {}): Runner {
  const workRoot = opts.workRoot ?? join(tmpdir(), 'medgrade-sandbox');
  const bwrap = findTool('bwrap');
  const prlimit = findTool('prlimit');
  const strace = findTool('strace');
  const sh = findTool('sh') ?? '/bin/sh';
  const setpriv = findTool('setpriv');
  // If the harness itself is killed, the sandbox must die too: bwrap's
  // --die-with-parent covers its children, this covers bwrap and strace.
  const dieWithParent = setpriv ? [setpriv, '--pdeathsig', 'KILL', '--'] : [];

  async function available(): Promise<Availability> {
    if (process.platform !== 'linux') return { ok: false, reason: 'bubblewrap needs Linux' };
    if (!bwrap) return { ok: false, reason: 'bwrap not found (apt-get install -y bubblewrap)' };
    if (!prlimit) return { ok: false, reason: 'prlimit not found (util-linux)' };
    const spec: PhaseSpec = {
      phase: 'probe', command: ['/usr/bin/true'], workdir: '/', mounts: [], env: {},
      limits: { wallSeconds: 20, cpuSeconds: 10, memoryMb: 64, pids: 16, diskMb: 1, logBytes: 4096 },
      python: { executable: '/usr/bin/python3', roots: [], versions: {} }, trace: false,
    };
    try {
      execFileSync(bwrap, [...buildBwrapArgs(spec, { bwrap, writableHost: new Map(), tmpHost: null }).slice(1), '/usr/bin/true'], { stdio: 'pipe', timeout: 20_000 });
      return { ok: true };
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      return { ok: false, reason: `a sandboxed 'true' failed: ${err.stderr?.toString().trim() || err.message}` };
    }
  }

  async function run(spec: PhaseSpec): Promise<PhaseOutcome> {
    if (!bwrap || !prlimit) throw new MedgradeError('E_RUNNER_UNAVAILABLE', 'sandbox runner needs bwrap and prlimit');
    // A missing host folder is the caller's mistake, not the submission's crash.
    for (const host of [...spec.mounts.map((m) => m.host), ...spec.python.roots]) {
      if (!existsSync(host)) throw new MedgradeError('E_INPUT_NOT_FOUND', `mount source does not exist for phase ${spec.phase}`, host);
    }
    mkdirSync(workRoot, { recursive: true });
    const { limits } = spec;
    const isolation = ['filesystem', 'network', 'uid'];
    const cg: RunCgroups = createRunCgroups({ memoryMb: limits.memoryMb, pids: limits.pids });
    isolation.push(...cg.enforced);
    let disk: RunDisk | null = null;
    let traceDisk: RunDisk | null = null;
    const writableHost = new Map<string, string>();
    let tmpHost: string | null = null;
    const escapes: string[] = [];
    let traceSkipped: string | undefined;
    let traceLog: string | null = null;
    try {
      if (canMount()) {
        // A host that refuses the mount (no CAP_SYS_ADMIN in a container) falls back to --fsize.
        try { disk = mountRunDisk(workRoot, limits.diskMb); } catch { disk = null; }
      }
      if (disk) {
        tmpHost = join(disk.dir, 'tmp');
        mkdirSync(tmpHost);
        spec.mounts.filter((m) => m.writable).forEach((m, i) => {
          const stage = join(disk!.dir, `w${i}`);
          copyOutputs(m.host, stage, { maxFiles: 100_000, maxBytes: limits.diskMb * 1024 * 1024 });
          writableHost.set(m.target, stage);
        });
        isolation.push('disk');
      } else {
        isolation.push('disk-fsize');
      }
      const argv: string[] = [];
      if (spec.trace) {
        if (!strace) traceSkipped = 'strace not found (apt-get install -y strace)';
        else {
          // Its own tmpfs: a submission filling its disk cannot stop the log, and the log cannot fill the host.
          try { traceDisk = disk ? mountRunDisk(workRoot, opts.traceMb ?? 256) : null; } catch { traceDisk = null; }
          traceLog = join(traceDisk?.dir ?? workRoot, `trace-${process.pid}-${Date.now()}.log`);
          argv.push(...dieWithParent, strace, '-f', '-qq', '-ttt', '-s', '4096', '--seccomp-bpf', '-e', `trace=${TRACED_SYSCALLS.join(',')}`, '-o', traceLog, '--');
        }
      }
      // The wrapper joins the run's cgroups before exec, so every descendant is counted.
      const join_ = cg.procsFiles.map((f) => `echo $$ > '${f}'`).join(' && ');
      argv.push(sh, '-c', `${join_ ? join_ + ' || exit 125; ' : ''}exec "$@"`, 'medgrade-wrap');
      // Soft limit sends SIGXCPU (recorded as a CPU timeout); the hard one a second later SIGKILLs.
      const cpu = Math.ceil(limits.cpuSeconds);
      argv.push(prlimit, `--cpu=${cpu}:${cpu + 1}`, '--core=0');
      if (!disk) argv.push(`--fsize=${limits.diskMb * 1024 * 1024}`);
      argv.push('--', ...dieWithParent, ...buildBwrapArgs(spec, { bwrap, writableHost, tmpHost }), ...resolveCommand(spec));
      isolation.push('cpu', 'wall');

      const res = await spawnCaptured(argv, {
        env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
        wallSeconds: limits.wallSeconds,
        logBytes: limits.logBytes,
        onTimeout: () => cg.killAll(),
      });
      cg.killAll();
      const signal = res.signal ?? signalName(res.exitCode);
      const record: RunRecord = {
        phase: spec.phase,
        runner: 'sandbox',
        command: spec.command,
        exitCode: res.exitCode,
        signal,
        timedOut: res.timedOut || signal === 'SIGXCPU',
        oomKilled: cg.oomKilled(),
        wallSeconds: Math.round(res.wallSeconds * 1000) / 1000,
        cpuSeconds: cg.cpuSeconds(),
        peakMemoryMb: cg.peakMemoryMb(),
        stdoutTail: res.stdoutTail,
        stderrTail: res.stderrTail,
        stdoutBytes: res.stdoutBytes,
        stderrBytes: res.stderrBytes,
        isolation,
      };
      if (disk) {
        for (const m of spec.mounts.filter((x) => x.writable)) {
          const stage = writableHost.get(m.target)!;
          try {
            // The host folder is replaced by what the phase left, so deletions show too.
            if (existsSync(m.host)) emptyDir(m.host);
            const back = { maxFiles: opts.maxOutputFiles ?? 10_000, maxBytes: limits.diskMb * 1024 * 1024 };
            const copied = copyOutputs(stage, m.host, back);
            escapes.push(...copied.escapes.map((p) => `${m.target.replace(/\/$/, '')}/${p}`));
            record.stderrTail += copyBackNote(m.target, copied, back);
          } catch (e) {
            record.stderrTail += `\nmedgrade: copying ${m.target} back failed: ${(e as Error).message}`;
          }
        }
      }
      const events = traceLog && existsSync(traceLog)
        ? await parseStraceFile(traceLog, { workdir: spec.workdir, wrapperExecs: [sh, '/bin/sh', '/usr/bin/sh', prlimit, bwrap, ...(setpriv ? [setpriv] : [])] })
        : [];
      if (spec.trace && !traceSkipped && !traceLog) traceSkipped = 'trace log missing';
      return { record, events, ...(traceSkipped ? { traceSkipped } : {}), ...(escapes.length ? { outputEscapes: escapes } : {}) };
    } finally {
      cg.remove();
      if (traceLog && !traceDisk) rmSync(traceLog, { force: true });
      traceDisk?.unmount();
      disk?.unmount();
    }
  }

  async function cleanupStale(): Promise<void> {
    cleanupStaleCgroups();
    if (!existsSync(workRoot)) return;
    cleanupStaleMounts(workRoot);
    // Trace logs written straight to the work root (no tmpfs) by a dead harness.
    for (const name of readdirSync(workRoot)) {
      const m = /^trace-(\d+)-\d+\.log$/.exec(name);
      if (m && !pidAlive(Number(m[1]))) rmSync(join(workRoot, name), { force: true });
    }
  }

  return { name: 'sandbox', isolated: true, available, run, cleanupStale };
}
