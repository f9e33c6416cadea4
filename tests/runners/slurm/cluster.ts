import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Null when a Slurm controller answers. Uses the CI cluster's config
 * (scripts/ci/slurm.sh) when SLURM_CONF is unset. Without a cluster the tests
 * skip with a printed reason, except with CI=true, where that is a failure.
 */
export function slurmMissing(): string | null {
  const ciConf = `${process.env.MEDGRADE_SLURM_DIR ?? '/tmp/medgrade-slurm'}/slurm.conf`;
  if (!process.env.SLURM_CONF && existsSync(ciConf)) process.env.SLURM_CONF = ciConf;
  let problem: string | null = null;
  try {
    const out = execFileSync('sinfo', ['-h', '-o', '%T'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 }).toString();
    if (!/idle|mixed|allocated/.test(out)) problem = `no usable Slurm node (sinfo: ${out.trim() || 'empty'})`;
  } catch (e) {
    problem = `no Slurm controller reachable (${(e as Error).message.split('\n')[0]}); run scripts/ci/slurm.sh start`;
  }
  if (!problem) return null;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${problem}; .ci/run must call scripts/ci/slurm.sh start first`);
  console.warn(`skipping slurm tests: ${problem}`);
  return problem;
}
