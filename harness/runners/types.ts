import type { Limits } from '../rubric/schema.js';
import type { RunRecord } from '../schema/result.js';

/** A host folder made visible to the phase at `target`. */
export interface Mount {
  host: string;
  target: string;
  writable?: boolean;
}

/** The Python a phase runs with: the interpreter and the folders it needs mounted. */
export interface PythonEnv {
  /** Interpreter path as seen inside the phase (sandbox) and on the host (local). */
  executable: string;
  /** Extra read-only host folders the interpreter needs (a venv); /usr is always there. */
  roots: string[];
  versions: Record<string, string>;
}

/** One isolated execution: the train or predict phase, a notebook, a smoke run. */
export interface PhaseSpec {
  phase: string;
  /** argv; "python" as argv[0] is replaced by the env's interpreter. */
  command: string[];
  /** Working directory, as a target path (inside a mount). */
  workdir: string;
  mounts: Mount[];
  env: Record<string, string>;
  limits: Limits;
  python: PythonEnv;
  /** Record file and network access (strace) into the run's events. */
  trace: boolean;
}

/** A file or network access seen while the phase ran, with sandbox paths. */
export interface AccessEvent {
  op: 'open' | 'write' | 'connect' | 'exec';
  path: string;
  /** errno name when the call failed, e.g. "ENOENT", "EROFS", "ENETUNREACH". */
  error?: string;
  pid: number;
  /** Wall-clock time of the first such access, in epoch seconds, when the trace has times. */
  time?: number;
}

export interface PhaseOutcome {
  record: RunRecord;
  events: AccessEvent[];
  /** True when tracing was asked for but could not run; the reason is in `traceSkipped`. */
  traceSkipped?: string;
  /**
   * Paths (sandbox view) in a writable folder that were not copied back because
   * they were symlinks, hard links or special files: an `output-escape` finding.
   */
  outputEscapes?: string[];
}

export interface Availability {
  ok: boolean;
  reason?: string;
}

/**
 * Every runner (local, sandbox, docker, slurm) implements this. A runner never
 * throws for what the submission does: crashes, timeouts and kills become fields
 * of the record. It throws only when the runner itself cannot work.
 */
export interface Runner {
  readonly name: string;
  /** False for `local`: reports must say the run was not isolated. */
  readonly isolated: boolean;
  available(): Promise<Availability>;
  run(spec: PhaseSpec): Promise<PhaseOutcome>;
  /** Removes what a killed earlier run left behind (cgroups, mounts, containers). */
  cleanupStale?(): Promise<void>;
}
