import { randomUUID } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname, constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { EnvironmentSpec } from '../../env/python.js';
import { MedgradeError } from '../../errors.js';
import { buildImage } from '../../image/build.js';
import { connectDocker, dockerHost, engineProblem, imageExists } from '../../image/engine.js';
import type { RunRecord } from '../../schema/result.js';
import { phaseEnv, resolveCommand } from '../bwrap.js';
import { copyBackNote, copyOutputs } from '../outputs.js';
import { canMount, mountRunDisk, type RunDisk } from '../disk.js';
import { findTool } from '../sandbox.js';
import { parseStraceFile, TRACED_SYSCALLS } from '../strace.js';
import type { Availability, PhaseOutcome, PhaseSpec, Runner } from '../types.js';
import { PhaseContainer } from './container.js';
import { deviceRequests, gpusFromSlurm, isNoGpuDriverError, type GpuPool, type GpuRequest } from './gpus.js';
import { attachOutput, readLogs, type AttachedOutput } from './logs.js';
import { sampleUsage } from './usage.js';

/** Every container the runner makes carries this label, so leftovers can be found and removed. */
export const DOCKER_LABEL = 'org.medgrade.runner';
const RUN_LABEL = 'org.medgrade.run';
/** The harness process that made the container: cleanupStale removes only those of dead processes. */
export const PID_LABEL = 'org.medgrade.pid';
const TRACE_DIR = '/.medgrade-trace';

export interface DockerOptions {
  /** Image to run in; by default the tiny `hostusr` image, built on first use. */
  image?: string;
  /** Bind the host's /usr and /etc (and the env's roots) read-only: true for hostusr images. */
  hostSystem?: boolean;
  /** Environment the default image is tagged for. */
  environment?: EnvironmentSpec;
  gpus?: GpuRequest;
  /** When set, each run takes one device from the pool instead of `gpus`. Unset in a Slurm task with --gres GPUs: that task's devices. */
  gpuPool?: GpuPool;
  /** CPU share per container (Docker NanoCpus / 1e9). */
  cpus?: number;
  /** Seconds past the wall limit before the engine itself is presumed hung. */
  engineGraceSeconds?: number;
  workRoot?: string;
  maxOutputFiles?: number;
  /** Engine address (unix:///… or tcp://…); DOCKER_HOST or the project's private engine by default. */
  host?: string;
  docker?: Docker;
}

const DEFAULT_ENV: EnvironmentSpec = { python: '3', kind: 'system', allowed: {}, importNames: {}, alsoAllowed: [], install: [], images: {} };

function signalName(code: number | null): string | null {
  if (code === null || code <= 128 || code > 128 + 64) return null;
  return Object.entries(osConstants.signals).find(([, n]) => n === code - 128)?.[0] ?? null;
}

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

function chownTree(dir: string): void {
  chownSync(dir, 65534, 65534);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) chownTree(p);
    else chownSync(p, 65534, 65534);
  }
}

/**
 * The sandbox reads as the host's root (a user namespace); a container's uid
 * 65534 really is "others". So a 0600 file in a submission would read in one
 * and fail in the other: files of the read-only mounts (the harness's own
 * unpacked copies and data views) get o+r, folders o+rx, where missing.
 */
function openForOthers(dir: string): void {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (!st || st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    if ((st.mode & 0o005) !== 0o005) chmodSync(dir, (st.mode & 0o7777) | 0o005);
    for (const name of readdirSync(dir)) openForOthers(join(dir, name));
  } else if (st.isFile() && (st.mode & 0o004) === 0) chmodSync(dir, (st.mode & 0o7777) | 0o004);
}

function timeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<'timeout'>((r) => { t = setTimeout(() => r('timeout'), ms); })]).finally(() => clearTimeout(t));
}

/** Removes every container carrying `label=value`, whatever its state. */
export async function removeLabelled(docker: Docker, label: string, value?: string): Promise<number> {
  const list = await docker.listContainers({ all: true, filters: { label: [value === undefined ? label : `${label}=${value}`] } });
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  return list.length;
}

export function createDockerRunner(opts: DockerOptions = {}): Runner {
  const host = opts.host ?? dockerHost();
  // testcontainers reads these once, from the environment (so a `host` other than
  // DOCKER_HOST is not supported for starting containers); FACTS.md says why each is needed.
  process.env.DOCKER_HOST ??= host;
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
  const docker = opts.docker ?? connectDocker(host);
  const workRoot = opts.workRoot ?? join(tmpdir(), 'medgrade-docker');
  const hostSystem = opts.hostSystem ?? !opts.image;
  const strace = findTool('strace');
  let image = opts.image ?? null;

  async function ensureImage(): Promise<string> {
    if (image) {
      if (!(await imageExists(docker, image))) throw new MedgradeError('E_RUNNER_UNAVAILABLE', `docker image "${image}" is not present on the engine; build it with \`medgrade image build\` (no registry is ever pulled from)`);
      return image;
    }
    image = (await buildImage(opts.environment ?? DEFAULT_ENV, { kind: 'hostusr', docker })).tag;
    return image;
  }

  async function available(): Promise<Availability> {
    const problem = await engineProblem(docker, host);
    if (problem) return { ok: false, reason: problem };
    try { await ensureImage(); } catch (e) { return { ok: false, reason: (e as Error).message }; }
    return { ok: true };
  }

  async function run(spec: PhaseSpec): Promise<PhaseOutcome> {
    for (const host of [...spec.mounts.map((m) => m.host), ...(hostSystem ? spec.python.roots : [])]) {
      if (!existsSync(host)) throw new MedgradeError('E_INPUT_NOT_FOUND', `mount source does not exist for phase ${spec.phase}`, host);
    }
    const tag = await ensureImage();
    const { limits } = spec;
    const runId = randomUUID();
    mkdirSync(workRoot, { recursive: true });
    const stageRoot = mkdtempSync(join(workRoot, `run-${process.pid}-`));
    const gpu = opts.gpuPool ? await opts.gpuPool.acquire() : null;
    // As in the sandbox: writable folders live on a tmpfs of diskMb, so filling them stops at ENOSPC
    // instead of filling the host (per-file limits alone let many files add up).
    let disk: RunDisk | null = null;
    try {
      if (canMount()) disk = mountRunDisk(stageRoot, limits.diskMb);
      // Writable folders are staged, owned by the container's uid, and copied back after.
      for (const m of spec.mounts) if (!m.writable) openForOthers(m.host);
      const stages = new Map<string, string>();
      spec.mounts.filter((m) => m.writable).forEach((m, i) => {
        const stage = join(disk?.dir ?? stageRoot, `w${i}`);
        copyOutputs(m.host, stage, { maxFiles: 100_000, maxBytes: limits.diskMb * 1024 * 1024 });
        chownTree(stage);
        stages.set(m.target, stage);
      });
      const binds: { source: string; target: string; mode: 'ro' | 'rw' }[] = [];
      if (hostSystem) {
        for (const d of ['/usr', '/etc', '/var/cache/fontconfig']) if (existsSync(d)) binds.push({ source: d, target: d, mode: 'ro' });
        for (const r of spec.python.roots) if (!r.startsWith('/usr/')) binds.push({ source: r, target: r, mode: 'ro' });
      }
      for (const m of spec.mounts) binds.push({ source: stages.get(m.target) ?? m.host, target: m.target, mode: m.writable ? 'rw' : 'ro' });
      let command = resolveCommand(spec);
      let traceSkipped: string | undefined;
      let traceStage: string | null = null;
      if (spec.trace) {
        if (!strace || !hostSystem) traceSkipped = strace ? 'tracing needs the host /usr in the image (hostusr)' : 'strace not found (apt-get install -y strace)';
        else {
          traceStage = join(stageRoot, 'trace');
          mkdirSync(traceStage);
          chownTree(traceStage);
          binds.push({ source: traceStage, target: TRACE_DIR, mode: 'rw' });
          command = [strace, '-f', '-qq', '-ttt', '-s', '4096', '--seccomp-bpf', '-e', `trace=${TRACED_SYSCALLS.join(',')}`, '-o', `${TRACE_DIR}/log`, '--', ...command];
        }
      }
      const isolation = ['filesystem', 'network', 'uid', 'memory', 'pids', 'cpu', 'wall', disk ? 'disk' : 'disk-fsize'];
      const gpuReq: GpuRequest = gpu !== null ? { kind: 'ids', ids: [gpu] } : (opts.gpus ?? gpusFromSlurm(process.env) ?? { kind: 'none' });
      const cpu = Math.ceil(limits.cpuSeconds);
      const container = new PhaseContainer(tag)
        .withCommand(command)
        .withWorkingDir(spec.workdir)
        .withEnvironment(phaseEnv(spec, '/tmp'))
        .withUser('65534:65534')
        .withNetworkMode('none')
        .withDroppedCapabilities('ALL')
        .withSecurityOpt('no-new-privileges:true')
        .withTmpFs({ '/tmp': `rw,exec,nosuid,size=${limits.diskMb}m,mode=1777` })
        .withBindMounts(binds)
        .withLabels({ [DOCKER_LABEL]: 'docker', [RUN_LABEL]: runId, [PID_LABEL]: `${hostname()}:${process.pid}`, 'org.medgrade.phase': spec.phase })
        .withHostConfigExtras({
          pidsLimit: limits.pids,
          memoryBytes: limits.memoryMb * 1024 * 1024,
          nanoCpus: Math.round((opts.cpus ?? 1) * 1e9),
          // Soft CPU limit sends SIGXCPU (a CPU timeout), the hard one a second later kills.
          ulimits: [
            { Name: 'cpu', Soft: cpu, Hard: cpu + 1 },
            { Name: 'core', Soft: 0, Hard: 0 },
            { Name: 'fsize', Soft: limits.diskMb * 1024 * 1024, Hard: limits.diskMb * 1024 * 1024 },
            { Name: 'nofile', Soft: 4096, Hard: 4096 },
          ],
          deviceRequests: deviceRequests(gpuReq),
          logMaxBytes: Math.max(8 << 20, limits.logBytes * 4),
        });
      if (gpuReq.kind !== 'none') isolation.push('gpu');
      let attached: AttachedOutput | null = null;
      container.withCreatedHook(async (cid) => { attached = await attachOutput(docker, cid, limits.logBytes); });
      const started = process.hrtime.bigint();
      let id: string;
      try {
        id = (await container.start()).getId();
      } catch (e) {
        // A failed start (no GPU runtime, a bad mount) can leave a created container behind.
        await removeLabelled(docker, RUN_LABEL, runId);
        if (isNoGpuDriverError(e)) throw new MedgradeError('E_RUNNER_UNAVAILABLE', `the engine at ${host} has no GPU runtime ("could not select device driver"); install nvidia-container-toolkit or drop --gpus`);
        throw new MedgradeError('E_RUNNER_UNAVAILABLE', `docker could not start the ${spec.phase} container: ${(e as Error).message}`);
      }
      const handle = docker.getContainer(id);
      const usage = sampleUsage(id);
      try {
        let timedOut = false;
        let engineHung = false;
        let waited = await timeout(handle.wait(), limits.wallSeconds * 1000);
        if (waited === 'timeout') {
          timedOut = true;
          await handle.kill().catch(() => undefined);
          waited = await timeout(handle.wait(), (opts.engineGraceSeconds ?? 30) * 1000);
          if (waited === 'timeout') engineHung = true;
        }
        const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
        const used = usage.stop();
        // The attached stream sees every byte; the engine's capped log file is the fallback.
        const out = attached as AttachedOutput | null;
        if (out) await out.ended(5000);
        const logs = out ? out.logs() : await readLogs(docker, id, limits.logBytes).catch((e: Error) => ({ stdoutTail: '', stderrTail: `medgrade: could not read the container's logs: ${e.message}`, stdoutBytes: 0, stderrBytes: 0 }));
        const state = (await handle.inspect()).State;
        const exitCode = engineHung ? null : (state.ExitCode ?? null);
        const signal = timedOut ? 'SIGKILL' : signalName(exitCode);
        const record: RunRecord = {
          phase: spec.phase,
          runner: 'docker',
          command: spec.command,
          exitCode,
          signal,
          timedOut: timedOut || signal === 'SIGXCPU',
          oomKilled: Boolean(state.OOMKilled),
          wallSeconds: Math.round(wallSeconds * 1000) / 1000,
          cpuSeconds: used.cpuSeconds,
          peakMemoryMb: used.peakMemoryMb,
          stdoutTail: logs.stdoutTail,
          stderrTail: logs.stderrTail + (engineHung ? '\nmedgrade: the engine did not stop the container in time' : ''),
          stdoutBytes: logs.stdoutBytes,
          stderrBytes: logs.stderrBytes,
          isolation,
        };
        const escapes: string[] = [];
        for (const m of spec.mounts.filter((x) => x.writable)) {
          try {
            // The host folder is replaced by what the phase left, so deletions show too.
            for (const name of readdirSync(m.host)) rmSync(join(m.host, name), { recursive: true, force: true });
            const back = { maxFiles: opts.maxOutputFiles ?? 10_000, maxBytes: limits.diskMb * 1024 * 1024 };
            const copied = copyOutputs(stages.get(m.target)!, m.host, back);
            escapes.push(...copied.escapes.map((p) => `${m.target.replace(/\/$/, '')}/${p}`));
            record.stderrTail += copyBackNote(m.target, copied, back);
          } catch (e) {
            record.stderrTail += `\nmedgrade: copying ${m.target} back failed: ${(e as Error).message}`;
          }
        }
        const traceLog = traceStage ? join(traceStage, 'log') : null;
        const events = traceLog && existsSync(traceLog) ? await parseStraceFile(traceLog, { workdir: spec.workdir, wrapperExecs: [strace!] }) : [];
        if (traceStage && !existsSync(join(traceStage, 'log'))) traceSkipped = 'trace log missing';
        return { record, events, ...(traceSkipped ? { traceSkipped } : {}), ...(escapes.length ? { outputEscapes: escapes } : {}) };
      } finally {
        usage.stop();
        await handle.remove({ force: true, v: true }).catch(() => removeLabelled(docker, RUN_LABEL, runId));
      }
    } finally {
      if (gpu !== null) opts.gpuPool!.release(gpu);
      disk?.unmount();
      rmSync(stageRoot, { recursive: true, force: true });
    }
  }

  async function cleanupStale(): Promise<void> {
    if (await engineProblem(docker, host)) return;
    const list = await docker.listContainers({ all: true, filters: { label: [DOCKER_LABEL] } });
    for (const c of list) {
      const [host, pid] = (c.Labels[PID_LABEL] ?? '').split(':');
      if (host === hostname() && pid && pidAlive(Number(pid))) continue;
      await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined);
    }
    if (!existsSync(workRoot)) return;
    for (const name of readdirSync(workRoot)) {
      const m = /^run-(\d+)-/.exec(name);
      if (m && !pidAlive(Number(m[1]))) rmSync(join(workRoot, name), { recursive: true, force: true });
    }
  }

  return { name: 'docker', isolated: true, available, run, cleanupStale };
}
