import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { KERAS_BACKBONE_FILE, writeKerasBackbone } from '../../../../reference/labs/lab7-transfer/keras/keras-backbone.js';
import { kerasPython, NO_KERAS } from '../../../fixtures/keras-python.js';

const python = await kerasPython();
if (python) console.info(`lab7 Keras backbone test: using ${python}`);
else console.warn(`lab7 Keras backbone test skipped: ${NO_KERAS}`);
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
