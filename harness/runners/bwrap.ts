import { posix } from 'node:path';
import type { PhaseSpec } from './types.js';

/** Folders every sandbox gets from the host, read-only (libblas sits behind /etc/alternatives). */
const SYSTEM_RO = ['/usr', '/etc'];
/**
 * Bound read-only when the host has them. Without the fontconfig cache,
 * matplotlib's fontconfig tries to create it under /var and the trace reports
 * a write attempt the student never made.
 */
const SYSTEM_RO_TRY = ['/var/cache/fontconfig'];

export interface BwrapLayout {
  bwrap: string;
  /** Host folder bound at each writable target, when it differs from the mount's host (tmpfs stage). */
  writableHost: Map<string, string>;
  /** Host folder bound at /tmp; null gives bwrap's own unlimited tmpfs. */
  tmpHost: string | null;
}

const depth = (p: string) => posix.normalize(p).split('/').filter(Boolean).length;

/** The interpreter first on PATH, then the system's. */
export function sandboxPath(executable: string): string {
  const dirs = [posix.dirname(executable), '/usr/bin', '/bin'];
  return [...new Set(dirs)].join(':');
}

/** argv with "python" replaced by the env's interpreter. */
export function resolveCommand(spec: PhaseSpec): string[] {
  const [first, ...rest] = spec.command;
  return [first === 'python' ? spec.python.executable : first!, ...rest];
}

/** The environment a phase sees; spec.env comes last and wins. */
export function phaseEnv(spec: PhaseSpec, home: string): Record<string, string> {
  return {
    PATH: sandboxPath(spec.python.executable),
    HOME: home,
    LANG: 'C.UTF-8',
    PYTHONDONTWRITEBYTECODE: '1',
    MPLBACKEND: 'Agg',
    OMP_NUM_THREADS: '1',
    ...spec.env,
  };
}

function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith('/') ? root : root + '/');
}

/** Builds the bwrap argv (without the command) for a phase. Pure, so it is unit-tested. */
export function buildBwrapArgs(spec: PhaseSpec, layout: BwrapLayout): string[] {
  const args = [layout.bwrap, '--unshare-all', '--die-with-parent', '--new-session'];
  for (const dir of SYSTEM_RO) args.push('--ro-bind', dir, dir);
  for (const dir of SYSTEM_RO_TRY) args.push('--ro-bind-try', dir, dir);
  args.push('--symlink', 'usr/bin', '/bin', '--symlink', 'usr/sbin', '/sbin', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64');
  args.push('--proc', '/proc', '--dev', '/dev');
  if (layout.tmpHost) args.push('--bind', layout.tmpHost, '/tmp');
  else args.push('--tmpfs', '/tmp');
  // The env's roots go in at the same path so a venv's symlinks keep resolving.
  const roots = spec.python.roots
    .filter((root) => !SYSTEM_RO.some((d) => isUnder(root, d)))
    .map((root) => ({ host: root, target: root, writable: false }));
  // Parents before children, so a read-only data folder can sit inside a writable work folder.
  const mounts = [...roots, ...spec.mounts].sort((a, b) => depth(a.target) - depth(b.target));
  for (const m of mounts) {
    if (m.writable) args.push('--bind', layout.writableHost.get(m.target) ?? m.host, m.target);
    else args.push('--ro-bind', m.host, m.target);
  }
  args.push('--chdir', spec.workdir);
  args.push('--clearenv');
  for (const [k, v] of Object.entries(phaseEnv(spec, '/tmp'))) args.push('--setenv', k, v);
  args.push('--unshare-user', '--uid', '65534', '--gid', '65534', '--cap-drop', 'ALL');
  args.push('--');
  return args;
}
