import { connectDocker, dockerHost, engineProblem } from '../../../harness/image/engine.js';

/**
 * Null when a Docker engine answers. Without one the docker tests skip with a
 * printed reason, except in CI (CI=true), where scripts/ci/docker.sh must have
 * started one: there the missing engine is a failure, never a silent skip.
 */
export async function dockerMissing(): Promise<string | null> {
  const problem = await engineProblem(connectDocker());
  if (!problem) return null;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${problem}; .ci/run must call scripts/ci/docker.sh start first`);
  console.warn(`skipping docker tests: ${problem}`);
  return problem;
}

export { dockerHost };
