import { describe, expect, it } from 'vitest';
import { buildBwrapArgs, phaseEnv, resolveCommand } from '../../harness/runners/bwrap.js';
import type { PhaseSpec } from '../../harness/runners/types.js';
import { SMALL_LIMITS } from './helpers.js';

const spec: PhaseSpec = {
  phase: 'train',
  command: ['python', 'train.py', '--data', '/data'],
  workdir: '/work',
  mounts: [
    { host: '/h/data', target: '/work/nb/data' },
    { host: '/h/work', target: '/work', writable: true },
  ],
  env: { OMP_NUM_THREADS: '2', SEED: '1' },
  limits: SMALL_LIMITS,
  python: { executable: '/cache/envs/abc/bin/python', roots: ['/cache/envs/abc', '/usr/lib/python3.11'], versions: {} },
  trace: false,
};

/** The value after each occurrence of a flag with two operands. */
function pairs(args: string[], flag: string): [string, string][] {
  return args.flatMap((a, i) => (a === flag ? [[args[i + 1]!, args[i + 2]!] as [string, string]] : []));
}

describe('bwrap argv', () => {
  const args = buildBwrapArgs(spec, { bwrap: '/usr/bin/bwrap', writableHost: new Map([['/work', '/tmpfs/w0']]), tmpHost: '/tmpfs/tmp' });

  it('isolates everything, drops to nobody and ends with --', () => {
    for (const flag of ['--unshare-all', '--die-with-parent', '--new-session', '--clearenv', '--unshare-user']) expect(args).toContain(flag);
    expect(args.slice(args.indexOf('--uid'), args.indexOf('--uid') + 2)).toEqual(['--uid', '65534']);
    expect(args.at(-1)).toBe('--');
  });

  it('binds the env root at the same path, skips roots under /usr, and mounts parents before children', () => {
    const ro = pairs(args, '--ro-bind');
    expect(ro).toContainEqual(['/cache/envs/abc', '/cache/envs/abc']);
    expect(ro.some(([h]) => h === '/usr/lib/python3.11')).toBe(false);
    const workAt = args.indexOf('/tmpfs/w0');
    const dataAt = args.indexOf('/h/data');
    expect(workAt).toBeGreaterThan(0);
    expect(dataAt).toBeGreaterThan(workAt);
    expect(pairs(args, '--bind')).toContainEqual(['/tmpfs/tmp', '/tmp']);
  });

  it('sets PATH with the env first, the fixed variables and spec.env last', () => {
    const env = Object.fromEntries(pairs(args, '--setenv'));
    expect(env.PATH).toBe('/cache/envs/abc/bin:/usr/bin:/bin');
    expect(env).toMatchObject({ HOME: '/tmp', PYTHONDONTWRITEBYTECODE: '1', MPLBACKEND: 'Agg', OMP_NUM_THREADS: '2', SEED: '1' });
    expect(phaseEnv({ ...spec, env: {} }, '/tmp').OMP_NUM_THREADS).toBe('1');
  });

  it('replaces "python" as argv[0] only', () => {
    expect(resolveCommand(spec)).toEqual(['/cache/envs/abc/bin/python', 'train.py', '--data', '/data']);
    expect(resolveCommand({ ...spec, command: ['/usr/bin/env', 'python'] })).toEqual(['/usr/bin/env', 'python']);
  });
});
