import { describe, expect, it } from 'vitest';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { resolveEnv } from '../../harness/env/python.js';
import { venvKey } from '../../harness/env/venv.js';
import { createSandboxRunner } from '../../harness/runners/sandbox.js';
import { pySpec, scratch } from '../runners/helpers.js';
import { NUMPY_ENV, TEST_CACHE } from './helpers.js';

const hasPython = existsSync('/usr/bin/python3');
if (!hasPython) console.warn('env tests skipped: /usr/bin/python3 missing');
const sandbox = createSandboxRunner();
const sandboxOk = (await sandbox.available()).ok;
if (!sandboxOk) console.warn('sandboxed numpy import skipped: bubblewrap unavailable');

describe.skipIf(!hasPython)('resolveEnv', () => {
  it('uses the student\'s own interpreter as is and flags a major.minor mismatch', async () => {
    const env = await resolveEnv({ ...NUMPY_ENV, python: '3.12' }, { cacheDir: TEST_CACHE, python: '/usr/bin/python3' });
    expect(env.executable).toBe('/usr/bin/python3');
    expect(env.roots).toEqual([]);
    expect(env.versions.python).toMatch(/^3\.11\./);
    expect(env.findings).toHaveLength(1);
    expect(env.findings[0]).toMatchObject({ kind: 'environment-mismatch', severity: 'info' });
    expect(env.findings[0]!.message).toContain('3.12');
    const same = await resolveEnv({ ...NUMPY_ENV, python: '3.11' }, { cacheDir: TEST_CACHE, python: '/usr/bin/python3' });
    expect(same.findings).toEqual([]);
  });

  it('keys venvs on the Python version and the sorted install list', () => {
    const a = venvKey({ baseVersion: '3.11.2', install: ['numpy', 'pandas'], systemSitePackages: false });
    expect(venvKey({ baseVersion: '3.11.2', install: ['pandas', 'numpy'], systemSitePackages: false })).toBe(a);
    expect(venvKey({ baseVersion: '3.12.0', install: ['numpy', 'pandas'], systemSitePackages: false })).not.toBe(a);
  });

  it('builds one venv for two concurrent requests, and a sandboxed phase imports numpy from it', async () => {
    const lines: string[] = [];
    const log = (l: string) => { lines.push(l); process.stderr.write(l + '\n'); };
    const [a, b] = await Promise.all([
      resolveEnv(NUMPY_ENV, { cacheDir: TEST_CACHE, log }),
      resolveEnv(NUMPY_ENV, { cacheDir: TEST_CACHE, log }),
    ]);
    expect(a.executable).toBe(b.executable);
    expect(lines.filter((l) => l.includes('building Python environment')).length).toBeLessThanOrEqual(1);
    expect(a.executable.startsWith(join(TEST_CACHE, 'envs'))).toBe(true);
    expect(a.versions.numpy).toMatch(/^\d+\.\d+/);
    expect(a.versions.nbclient).toBeDefined();
    expect(a.roots[0]).toBe(join(TEST_CACHE, 'envs', a.executable.split('/').at(-3)!));
    if (!sandboxOk) return;
    const s = scratch();
    const code = 'import sys, numpy\nprint(numpy.__version__, sys.prefix)';
    const { record } = await sandbox.run({ ...pySpec(code, s.mounts), python: a });
    expect(record.exitCode).toBe(0);
    expect(record.stdoutTail.trim()).toBe(`${a.versions.numpy} ${realpathSync(a.roots[0]!)}`);
  });

  it('kind system gives Debian python3 with its site packages (plus the harness extras)', async () => {
    const env = await resolveEnv({ ...NUMPY_ENV, kind: 'system', python: '3.12', install: [] }, { cacheDir: TEST_CACHE, log: () => {} });
    expect(env.versions.python).toMatch(/^3\.11\./);
    expect(env.findings.map((f) => f.kind)).toEqual(['environment-mismatch']);
    // Debian's numpy (python3-numpy) is visible through the system site packages.
    expect(env.versions.numpy).toBeDefined();
    expect(env.versions.nbclient).toBeDefined();
  });
});
