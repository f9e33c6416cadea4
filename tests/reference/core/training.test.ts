/**
 * Every probe model trains on the selected backend (wasm here) without a missing kernel,
 * without leaking tensors, and one seed reproduces weights bit for bit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { localTfjsNodeDir, selectBackend, type BackendChoice } from '../../../reference/core/backend.js';
import { buildMobileNetV2Blocks, buildSmallCnn, buildTiny3dCnn, buildUnet2d } from '../../../reference/core/probe-models.js';
import { createRng, seededInit, shuffledIndices } from '../../../reference/core/seed.js';

// The kernels under test are wasm's; the native backend (when built) is checked on its own below.
let choice: BackendChoice;
beforeAll(async () => { choice = await selectBackend({ prefer: 'wasm' }); });
const nativeBuilt = existsSync(path.join(localTfjsNodeDir(), 'package.json'));
if (!nativeBuilt) console.warn(`native tfjs-node checks skipped: no local build at ${localTfjsNodeDir()} (run reference/core/native/build-tfjs-node.sh)`);

function batchFor(model: LayersModel, n: number, seed: number): [tf.Tensor, tf.Tensor] {
  const rng = createRng(seed);
  const inShape = [n, ...(model.inputs[0]!.shape.slice(1) as number[])];
  const outShape = [n, ...(model.outputs[0]!.shape.slice(1) as number[])];
  const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);
  const x = tf.tensor(Float32Array.from({ length: size(inShape) }, () => rng.normal()), inShape);
  const y = tf.tensor(Float32Array.from({ length: size(outShape) }, () => (rng.next() < 0.5 ? 0 : 1)), outShape);
  return [x, y];
}

describe('backend selection', () => {
  it('wasm runs with SIMD and our training kernels', () => {
    expect(choice.name).toBe('wasm');
    expect(choice.detail.simd).toBe(true);
    expect(choice.detail.kernels).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad',
      'DepthwiseConv2dNativeBackpropFilter', 'Conv3D', 'Conv3DBackpropInputV2']));
  });
  it('honours prefer: cpu, then wasm again', async () => {
    const cpu = await selectBackend({ prefer: 'cpu' });
    expect(cpu.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await selectBackend({ prefer: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
  });
  it('the default choice records why each faster candidate was skipped', async () => {
    const best = await selectBackend();
    const tried = best.detail.skipped.map((s) => s.candidate);
    expect(tried.slice(0, 2)).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    expect(best.name).toBe(nativeBuilt ? 'tensorflow' : 'wasm');
    if (!nativeBuilt) expect(tried).toContain(localTfjsNodeDir());
    await selectBackend({ prefer: 'wasm' });
  });
});

describe('a training step of each course model', () => {
  const builders = {
    'small CNN': (s: number) => buildSmallCnn(seededInit(createRng(s)), 16),
    '2D U-Net': (s: number) => buildUnet2d(seededInit(createRng(s)), 16, 4),
    '2D U-Net with upsampling': (s: number) => buildUnet2d(seededInit(createRng(s)), 16, 4, 'resize'),
    '3D CNN': (s: number) => buildTiny3dCnn(seededInit(createRng(s)), 6),
    'MobileNetV2 blocks': (s: number) => buildMobileNetV2Blocks(seededInit(createRng(s)), 16, 2),
  };
  it.each(Object.keys(builders))('%s trains, loss is finite and no tensor leaks', async (name) => {
    const model = builders[name as keyof typeof builders](1);
    const [x, y] = batchFor(model, 2, 7);
    const first = await model.trainOnBatch(x, y);
    const before = tf.memory().numTensors;
    const second = await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(before);
    for (const l of [first, second].flat()) expect(Number.isFinite(l)).toBe(true);
    x.dispose(); y.dispose(); model.dispose();
  });
});

async function trainedWeights(seed: number, prefer: 'wasm' | 'tensorflow' = 'wasm'): Promise<{ weights: Float32Array[]; losses: number[] }> {
  await selectBackend({ prefer });
  const rng = createRng(seed);
  const model = buildSmallCnn(seededInit(rng.fork()), 16);
  const [x, y] = batchFor(model, 8, seed + 1);
  const order = tf.tensor1d(shuffledIndices(rng.fork(), 8), 'int32');
  const xs = tf.gather(x, order), ys = tf.gather(y, order);
  const history = await model.fit(xs, ys, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
  const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  tf.dispose([x, y, order, xs, ys]); model.dispose();
  return { weights, losses: history.history['loss'] as number[] };
}

describe('seeded determinism', () => {
  it('same seed gives bit-identical weights and losses; another seed does not', async () => {
    const a = await trainedWeights(42), b = await trainedWeights(42), c = await trainedWeights(43);
    expect(a.losses).toEqual(b.losses);
    a.weights.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(b.weights[i]!.buffer))).toBe(true));
    expect(Buffer.from(a.weights[0]!.buffer).equals(Buffer.from(c.weights[0]!.buffer))).toBe(false);
    expect(a.losses).not.toEqual(c.losses);
  });
  it('rng streams are reproducible and shuffles are permutations', () => {
    const r1 = createRng(5), r2 = createRng(5);
    expect(Array.from({ length: 5 }, () => r1.next())).toEqual(Array.from({ length: 5 }, () => r2.next()));
    const p = Array.from(shuffledIndices(createRng(9), 50));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe.skipIf(!nativeBuilt)('native backend (tfjs-node built against PyPI TensorFlow)', () => {
  it('trains the small CNN without leaks and matches the first-step loss on wasm', async () => {
    const losses: number[] = [];
    for (const prefer of ['tensorflow', 'wasm'] as const) {
      expect((await selectBackend({ prefer })).name).toBe(prefer);
      const model = buildSmallCnn(seededInit(createRng(11)), 16);
      const [x, y] = batchFor(model, 4, 12);
      losses.push([await model.trainOnBatch(x, y)].flat()[0]!);
      const before = tf.memory().numTensors;
      await model.trainOnBatch(x, y);
      expect(tf.memory().numTensors).toBe(before);
      x.dispose(); y.dispose(); model.dispose();
    }
    expect(Math.abs(losses[0]! - losses[1]!)).toBeLessThan(1e-4);
    await selectBackend({ prefer: 'wasm' });
  });
  it('same seed gives bit-identical weights on the native backend too', async () => {
    const a = await trainedWeights(42, 'tensorflow'), b = await trainedWeights(42, 'tensorflow');
    expect(a.losses).toEqual(b.losses);
    a.weights.forEach((w, i) => expect(Buffer.from(w.buffer).equals(Buffer.from(b.weights[i]!.buffer))).toBe(true));
    await selectBackend({ prefer: 'wasm' });
  });
  it('our Step (ReLU gradient mask) matches the definition on the native backend', async () => {
    expect((await selectBackend({ prefer: 'tensorflow' })).detail.kernels).toContain('Step');
    const x = tf.tensor1d([-2, -0.5, 0, 0.25, 3]);
    const s = tf.step(x);
    expect(Array.from(s.dataSync())).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(tf.step(x, 0.5).dataSync())).toEqual([0.5, 0.5, 0.5, 1, 1]);
    tf.dispose([x, s]);
    await selectBackend({ prefer: 'wasm' });
  });
});
