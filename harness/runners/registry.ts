import { MedgradeError } from '../errors.js';
import type { Runner } from './types.js';
import { createLocalRunner } from './local.js';
import { createSandboxRunner, type SandboxOptions } from './sandbox.js';
import { createDockerRunner, type DockerOptions } from './docker/index.js';

export type RunnerName = 'local' | 'sandbox' | 'docker' | 'slurm';
export const RUNNER_NAMES: readonly RunnerName[] = ['local', 'sandbox', 'docker', 'slurm'];

export interface RunnerOptions {
  sandbox?: SandboxOptions;
  docker?: DockerOptions;
}

/** The default: bubblewrap on Linux, local elsewhere (students on macOS). */
export function defaultRunnerName(): RunnerName {
  return process.platform === 'linux' ? 'sandbox' : 'local';
}

/**
 * Returns a fresh phase runner by name. slurm is not one: it distributes whole
 * submissions (harness/runners/slurm), so asking for it here fails plainly.
 */
export function getRunner(name: RunnerName, opts: RunnerOptions = {}): Runner {
  switch (name) {
    case 'local':
      return createLocalRunner();
    case 'sandbox':
      return createSandboxRunner(opts.sandbox);
    case 'docker':
      return createDockerRunner(opts.docker);
    case 'slurm':
      // Slurm spreads whole submissions over nodes (harness/runners/slurm submitBatch); each runs with an inner runner.
      throw new MedgradeError('E_USAGE', 'slurm is a batch runner, not a phase runner: `grade --runner slurm` goes through submitBatch (harness/runners/slurm), each task grading with --inner sandbox|docker');
    default:
      throw new MedgradeError('E_USAGE', `unknown runner "${String(name)}"; expected one of ${RUNNER_NAMES.join(', ')}`);
  }
}
