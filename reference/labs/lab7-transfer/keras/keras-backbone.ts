/**
 * Ships the offline backbone to students' Keras code: nsfwjs's MobileNetV2 weights are written
 * out by layer name (dequantised float32) with the tfjs output on a fixed input, then
 * build_keras.py rebuilds keras.applications.MobileNetV2(weights=None, include_top=False), sets
 * them, refuses a model whose output differs by more than 1e-3 and saves a .keras file.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { z } from 'zod';
import { MedgradeError } from '../../../../harness/errors.js';
import { loadMobileNetV2FromNsfwjs } from '../../../core/model-io.js';

export const KERAS_BACKBONE_FILE = 'mobilenet_v2_nsfwjs_notop.keras';

/** weights.bin + manifest.json (layer, name, shape, offset) + check.bin (out_relu on a fixed input). */
export async function exportNsfwjsWeights(dir: string): Promise<{ weights: number; values: number }> {
  const model = await loadMobileNetV2FromNsfwjs();
  try {
    const entries: { layer: string; name: string; shape: number[]; offset: number }[] = [];
    const parts: Float32Array[] = [];
    let offset = 0;
    for (const layer of model.layers) for (const w of layer.weights) {
      const v = Float32Array.from(w.read().dataSync() as Float32Array);
      entries.push({ layer: layer.name, name: w.originalName ?? w.name, shape: w.shape as number[], offset });
      parts.push(v); offset += v.length;
    }
    const flat = new Float32Array(offset);
    let o = 0;
    for (const p of parts) { flat.set(p, o); o += p.length; }
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'weights.bin'), new Uint8Array(flat.buffer));
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ source: 'npm nsfwjs dist/models/mobilenet_v2 (NOT ImageNet-1k)', weights: entries }));
    const check = tf.tidy(() => {
      const x = tf.tensor4d(Float32Array.from({ length: 2 * 224 * 224 * 3 }, (_, i) => (i % 251) / 250), [2, 224, 224, 3]);
      const sub = tfl.model({ inputs: model.inputs, outputs: model.getLayer('out_relu').output as tfl.SymbolicTensor });
      return (sub.predict(x) as tf.Tensor).dataSync() as Float32Array;
    });
    writeFileSync(path.join(dir, 'check.bin'), new Uint8Array(Float32Array.from(check).buffer));
    return { weights: entries.length, values: offset };
  } finally {
    model.dispose();
  }
}

const resultSchema = z.object({ max_abs_diff: z.number(), keras: z.string(), file: z.string() });

/** Writes `<outDir>/pretrained/mobilenet_v2_nsfwjs_notop.keras` with `python` (a venv with Keras 3). */
export async function writeKerasBackbone(outDir: string, python: string): Promise<z.infer<typeof resultSchema>> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'medgrade-keras-'));
  try {
    await exportNsfwjsWeights(scratch);
    const file = path.join(outDir, 'pretrained', KERAS_BACKBONE_FILE);
    mkdirSync(path.dirname(file), { recursive: true });
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'build_keras.py');
    let stdout: string;
    try {
      stdout = execFileSync(python, [script, scratch, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new MedgradeError('E_USAGE', `building the Keras backbone with ${python} failed: ${(e.stderr ?? e.message).trim().split('\n').slice(-3).join(' | ')}`);
    }
    const parsed = resultSchema.safeParse(JSON.parse(stdout.trim().split('\n').pop() ?? '{}'));
    if (!parsed.success) throw new MedgradeError('E_USAGE', `build_keras.py printed no result line: ${stdout.slice(-300)}`);
    return parsed.data;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
