import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../reference/core/backend.js';
import { lastSpatialLayerName, loadMobileNetV2FromNsfwjs, loadModel, saveModel } from '../../../reference/core/model-io.js';
import { buildUnet2d } from '../../../reference/core/probe-models.js';
import { createRng, seededInit } from '../../../reference/core/seed.js';
import { MedgradeError } from '../../../harness/errors.js';

let dir: string;
beforeAll(async () => {
  await selectBackend();
  dir = await mkdtemp(path.join(os.tmpdir(), 'medgrade-model-io-'));
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('saveModel / loadModel', () => {
  it('round-trips a trained U-Net with zero prediction difference', async () => {
    const model = buildUnet2d(seededInit(createRng(3)), 16, 4);
    const x = tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', 5);
    await model.trainOnBatch(x, tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 6));
    const files = await saveModel(model, path.join(dir, 'unet'));
    expect(files.weightBytes).toBe(model.countParams() * 4);
    const loaded = await loadModel(path.join(dir, 'unet'));
    const a = model.predict(x) as tf.Tensor, b = loaded.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBe(0);
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
  });

  it('rejects a model.json that is not a Layers model, naming the file', async () => {
    const bad = path.join(dir, 'bad');
    await mkdir(bad, { recursive: true });
    await writeFile(path.join(bad, 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: {}, weightsManifest: [] }));
    await expect(loadModel(bad)).rejects.toThrow(MedgradeError);
    await writeFile(path.join(bad, 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['../x.bin'], weights: [] }] }));
    await expect(loadModel(bad)).rejects.toThrow(/leaves the model folder/);
  });
});

describe('loadMobileNetV2FromNsfwjs', () => {
  it('loads a 224×224×3 MobileNetV2 whose last spatial layer is out_relu (7×7×1280)', async () => {
    const model = await loadMobileNetV2FromNsfwjs();
    expect(model.inputs[0]!.shape).toEqual([null, 224, 224, 3]);
    const name = lastSpatialLayerName(model);
    expect(name).toBe('out_relu');
    expect(model.getLayer(name).outputShape).toEqual([null, 7, 7, 1280]);
    expect(model.countParams()).toBeGreaterThan(2_000_000);
    model.dispose();
  });
});
