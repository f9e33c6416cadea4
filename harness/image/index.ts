import { loadRubric } from '../rubric/load.js';
import { resolveEnv } from '../env/python.js';
import { defaultCacheDir } from '../context.js';
import { buildImage, imageTag, writeHostUsrRoot, type BuildImageOptions, type BuiltImage, type ImageKind } from './build.js';

export { buildImage, imageTag, writeHostUsrRoot, type BuildImageOptions, type BuiltImage, type ImageKind };
export { connectDocker, dockerHost, engineProblem, imageExists, MEDGRADE_DOCKER_SOCK } from './engine.js';

/**
 * `medgrade image build --rubric R [--kind hostusr|debootstrap]`. For debootstrap
 * the rubric's environment is built (or found in the cache) first and its venv
 * copied into the image, so the image runs without the host's /usr.
 */
export async function buildRubricImage(rubricPath: string, opts: { kind: ImageKind; cacheDir?: string; debianPackages?: string[]; log?: (line: string) => void }): Promise<BuiltImage> {
  const { rubric } = loadRubric(rubricPath);
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  if (opts.kind === 'hostusr') return buildImage(rubric.environment, { kind: 'hostusr', log });
  const env = await resolveEnv(rubric.environment, { cacheDir: opts.cacheDir ?? defaultCacheDir(), log });
  return buildImage(rubric.environment, { kind: 'debootstrap', pythonRoots: env.roots, debianPackages: opts.debianPackages ?? [], log });
}
