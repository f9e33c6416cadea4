import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { KERAS_BACKBONE_FILE, writeKerasBackbone } from '../../../../reference/labs/lab7-transfer/keras/keras-backbone.js';
import { defaultCacheDir } from '../../../../harness/context.js';
import { probePython } from '../../../../harness/env/probe.js';
import { venvKey } from '../../../../harness/env/venv.js';
import { loadRubric } from '../../../../harness/rubric/load.js';

/** The cached grading venv of rubrics/lab7.yaml (TensorFlow, so Keras 3), if `medgrade env build` made it; never builds one. */
async function gradingVenvPython(): Promise<string | null> {
  const spec = loadRubric(join(import.meta.dirname, '../../../../rubrics/lab7.yaml')).rubric.environment;
  if (spec.kind !== 'venv') return null;
  const base = await probePython('/usr/bin/python3');
  const python = join(defaultCacheDir(), 'envs', venvKey({ baseVersion: base.version, install: spec.install, systemSitePackages: false }), 'bin', 'python');
  return existsSync(python) ? python : null;
}

/** A Python with Keras 3: MEDGRADE_KERAS_PYTHON, else the grading venv, else the shared TensorFlow venv. */
function kerasPython(candidates: (string | null | undefined)[]): string | null {
  for (const p of candidates) {
    if (!p || !existsSync(p)) continue;
    // find_spec, not import: importing TensorFlow takes tens of seconds on a loaded machine.
    try { execFileSync(p, ['-c', 'import importlib.util, sys; sys.exit(importlib.util.find_spec("keras") is None)'], { stdio: 'ignore', timeout: 60_000 }); return p; } catch { /* next */ }
  }
  return null;
}
const python = kerasPython([process.env['MEDGRADE_KERAS_PYTHON'], await gradingVenvPython(), '/tmp/venvtest/env/bin/python']);
if (python) console.info(`lab7 Keras backbone test: using ${python}`);
else console.warn('lab7 Keras backbone test skipped: no Python with Keras (run `medgrade env build --rubric rubrics/lab7.yaml` or set MEDGRADE_KERAS_PYTHON)');
const out = mkdtempSync(join(tmpdir(), 'lab7-keras-'));
beforeAll(async () => { await selectBackend({ prefer: 'wasm' }); });
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(!python)('lab 7: nsfwjs MobileNetV2 as a Keras file', () => {
  it('rebuilds the backbone in Keras with the same output as tfjs (max abs diff < 1e-3) and saves it', async () => {
    const r = await writeKerasBackbone(out, python!);
    expect(r.max_abs_diff).toBeLessThan(1e-3);
    expect(r.keras).toMatch(/^3\./);
    const file = join(out, 'pretrained', KERAS_BACKBONE_FILE);
    expect(statSync(file).size).toBeGreaterThan(5_000_000);
    // The saved file loads back in Keras with include_top=False's output shape.
    const shape = execFileSync(python!, ['-c', `import os; os.environ["TF_CPP_MIN_LOG_LEVEL"]="2"; import keras; print(keras.models.load_model("${file}").output.shape)`], { encoding: 'utf8' });
    expect(shape.trim().split('\n').pop()).toBe('(None, 7, 7, 1280)');
  }, 240_000);
});
