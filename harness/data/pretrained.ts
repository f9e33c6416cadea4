/**
 * Pretrained networks for students' train phase. Grading runs without network, so
 * keras.applications(weights="imagenet") cannot download; a rubric that lists `task.pretrained`
 * gets the file under /data/pretrained/, converted once per grading environment with that
 * environment's own Keras and cached.
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '../../reference/core/backend.js';
import { KERAS_BACKBONE_FILE, writeKerasBackbone } from '../../reference/labs/lab7-transfer/keras/keras-backbone.js';
import type { Rubric } from '../rubric/schema.js';
import { sha256 } from '../util/fs.js';

export type PretrainedId = Rubric['task']['pretrained'][number];

const BUILDERS: Record<PretrainedId, { file: string; build: (outDir: string, python: string) => Promise<unknown> }> = {
  // nsfwjs's MobileNetV2 (include_top=False, RGB in [0, 1], 224×224 → 7×7×1280): a real
  // pretrained CNN, trained on nsfwjs's 5 classes, NOT ImageNet.
  'mobilenet-v2-nsfwjs': { file: KERAS_BACKBONE_FILE, build: writeKerasBackbone },
};

/**
 * Builds (or reuses) each listed network for `python` and copies the files into
 * `<viewDir>/pretrained/`. The cache key is the interpreter, so a file saved by one Keras
 * version is never handed to another.
 */
export async function addPretrained(ids: readonly PretrainedId[], python: string, cacheDir: string, viewDir: string): Promise<void> {
  for (const id of ids) {
    const { file, build } = BUILDERS[id];
    const dir = join(cacheDir, 'pretrained', `${id}-${sha256(python).slice(0, 12)}`);
    if (!existsSync(join(dir, 'pretrained', file))) {
      const tmp = `${dir}.${process.pid}.tmp`;
      rmSync(tmp, { recursive: true, force: true });
      // The weights are read with tfjs; a grading process has no backend of its own.
      await selectBackend({ prefer: 'wasm' });
      await build(tmp, python);
      // Another batch may have converted the same network meanwhile: keep theirs, it is identical.
      if (existsSync(join(dir, 'pretrained', file))) rmSync(tmp, { recursive: true, force: true });
      else { rmSync(dir, { recursive: true, force: true }); renameSync(tmp, dir); }
    }
    mkdirSync(join(viewDir, 'pretrained'), { recursive: true });
    cpSync(join(dir, 'pretrained', file), join(viewDir, 'pretrained', file));
  }
}
