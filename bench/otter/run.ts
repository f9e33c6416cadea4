import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../harness/version.js';
import { median } from '../lib/doc.js';

export type OtterTiming = { ok: true; median: number; version: string } | { ok: false; reason: string };

/** Times `otter run` (local, no container) on `n` copies of a trivial one-test notebook. */
export async function timeOtter(n: number, scratch: string): Promise<OtterTiming> {
  const setup = spawnSync('bash', [join(PROJECT_ROOT, 'bench/otter/setup.sh')], { stdio: 'inherit' });
  const venv = join(PROJECT_ROOT, '.medgrade/otter-venv/bin');
  if (setup.status !== 0 || !existsSync(join(venv, 'otter'))) return { ok: false, reason: 'otter-grader could not be installed from PyPI' };
  const dir = join(scratch, 'otter');
  mkdirSync(dir, { recursive: true });
  execFileSync(join(venv, 'python'), [join(PROJECT_ROOT, 'bench/otter/make_master.py'), join(dir, 'master.ipynb')]);
  execFileSync(join(venv, 'otter'), ['assign', 'master.ipynb', 'dist'], { cwd: dir, stdio: 'ignore' });
  const zip = readdirSync(join(dir, 'dist/autograder')).find((f) => f.endsWith('.zip'))!;
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const out = join(dir, `run-${i}`);
    mkdirSync(out);
    const t0 = performance.now();
    const r = spawnSync(join(venv, 'otter'), ['run', '-a', join('dist/autograder', zip), 'dist/autograder/master.ipynb', '-o', out], { cwd: dir, stdio: 'ignore' });
    times.push((performance.now() - t0) / 1000);
    if (r.status !== 0 || !existsSync(join(out, 'results.json'))) return { ok: false, reason: `otter run failed (exit ${r.status})` };
  }
  const version = execFileSync(join(venv, 'python'), ['-c', 'import otter; print(otter.__version__)']).toString().trim();
  return { ok: true, median: median(times), version };
}
