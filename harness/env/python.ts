import { z } from 'zod';
import { join } from 'node:path';
import { finding, type Finding } from '../schema/finding.js';
import type { environmentSchema } from '../rubric/schema.js';
import type { PythonEnv } from '../runners/types.js';
import { majorMinor, probePython, type PythonProbe } from './probe.js';
import { ensureVenv } from './venv.js';

export type EnvironmentSpec = z.infer<typeof environmentSchema>;

export interface ResolveEnvOptions {
  /** Cache root; venvs go to <cacheDir>/envs/<hash>. */
  cacheDir: string;
  /** The student's own interpreter (self-check): used as is, nothing is built. */
  python?: string;
  /** Interpreter venvs are built from; Debian's by default. */
  basePython?: string;
  /** Progress lines; stderr by default. */
  log?: (line: string) => void;
}

export type ResolvedEnv = PythonEnv & { findings: Finding[] };

const isUnder = (p: string, root: string) => p === root || p.startsWith(root + '/');

/** Folders outside /usr that the interpreter needs, mounted read-only at the same path. */
function rootsOf(probe: PythonProbe): string[] {
  return [...new Set([probe.prefix, probe.basePrefix])].filter((p) => !isUnder(p, '/usr'));
}

function mismatch(wanted: string, got: string, executable: string): Finding[] {
  const want = majorMinor(wanted);
  const have = majorMinor(got);
  if (!want || !have || want === have) return [];
  return [finding({
    check: 'env/python-version',
    kind: 'environment-mismatch',
    severity: 'info',
    file: 'environment',
    message: `The assignment names Python ${wanted}; grading ran Python ${got} (${executable}).`,
    fix: `Keep your code compatible with Python ${have} as well, or ask the instructor for a ${want} grading image.`,
  })];
}

/** The Python a submission runs with, built or found per the rubric's environment. */
export async function resolveEnv(spec: EnvironmentSpec, opts: ResolveEnvOptions): Promise<ResolvedEnv> {
  if (opts.python) {
    const probe = await probePython(opts.python);
    return {
      executable: opts.python,
      roots: rootsOf(probe),
      versions: { ...probe.packages, python: probe.version },
      findings: mismatch(spec.python, probe.version, opts.python),
    };
  }
  const basePython = opts.basePython ?? '/usr/bin/python3';
  const base = await probePython(basePython);
  if (spec.kind === 'system' && base.harnessReady) {
    return {
      executable: basePython,
      roots: rootsOf(base),
      versions: { ...base.packages, python: base.version },
      findings: mismatch(spec.python, base.version, basePython),
    };
  }
  // kind system without nbclient/ipykernel: a venv over the system site packages adds just those.
  const { dir, versions } = await ensureVenv({
    cacheDir: opts.cacheDir,
    basePython,
    baseVersion: base.version,
    install: spec.kind === 'venv' ? spec.install : [],
    systemSitePackages: spec.kind === 'system',
    ...(opts.log ? { log: opts.log } : {}),
  });
  const executable = join(dir, 'bin', 'python');
  return {
    executable,
    roots: [dir, ...rootsOf(base)],
    versions: spec.kind === 'system' ? { ...base.packages, ...versions } : versions,
    findings: mismatch(spec.python, base.version, executable),
  };
}
