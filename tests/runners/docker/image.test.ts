import { describe, expect, it } from 'vitest';
import Docker from 'dockerode';
import { buildImage, imageTag } from '../../../harness/image/build.js';
import { connectDocker } from '../../../harness/image/engine.js';
import { loadRubric } from '../../../harness/rubric/load.js';
import { join } from 'node:path';
import { dockerMissing } from './engine.js';

const ROOT = join(import.meta.dirname, '../../..');
const missing = await dockerMissing();

describe('image tags', () => {
  it('change with the rubric environment and the kind', () => {
    const env = loadRubric(join(ROOT, 'tests/fixtures/rubrics/trivial.yaml')).rubric.environment;
    expect(imageTag(env, 'hostusr')).toMatch(/^medgrade-hostusr:[0-9a-f]{16}$/);
    expect(imageTag(env, 'hostusr')).toBe(imageTag(env, 'hostusr'));
    expect(imageTag({ ...env, python: '3.12' }, 'hostusr')).not.toBe(imageTag(env, 'hostusr'));
    expect(imageTag(env, 'debootstrap')).not.toBe(imageTag(env, 'hostusr').replace('hostusr', 'debootstrap'));
  });
});

describe.skipIf(missing)('buildImage hostusr', () => {
  it('imports a tiny image once, then reuses it', async () => {
    const docker: Docker = connectDocker();
    const env = { ...loadRubric(join(ROOT, 'tests/fixtures/rubrics/trivial.yaml')).rubric.environment, python: `test-${process.pid}` };
    const first = await buildImage(env, { kind: 'hostusr', docker });
    try {
      expect(first.built).toBe(true);
      const info = await docker.getImage(first.tag).inspect();
      expect(info.Size).toBeLessThan(100_000);
      const again = await buildImage(env, { kind: 'hostusr', docker });
      expect(again).toMatchObject({ tag: first.tag, built: false });
    } finally {
      await docker.getImage(first.tag).remove({ force: true });
    }
  });
});
