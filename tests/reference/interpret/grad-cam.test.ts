/**
 * Grad-CAM and saliency against closed forms on tiny seeded models: for conv → global average
 * pool → dense(1, sigmoid) Grad-CAM equals the class activation map ReLU(Σ_k w_k A_k) (and
 * ReLU(−Σ_k w_k A_k) for the negative class), shapes and ranges hold, nothing leaks, and the
 * nsfwjs MobileNetV2 gives a 7×7 map at out_relu.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../../reference/core/backend.js';
import { loadMobileNetV2FromNsfwjs } from '../../../reference/core/model-io.js';
import { createRng, seededInit } from '../../../reference/core/seed.js';
import { gradCam, saliency } from '../../../reference/core/interpret/index.js';

beforeAll(async () => { await selectBackend({ prefer: 'wasm' }); });

/** conv(4, relu) → GAP → dense(units): Grad-CAM's weights are then exactly w_k / (h·w). */
function camModel(seed: number, units: number, activation: 'sigmoid' | 'softmax'): tfl.LayersModel {
  const init = seededInit(createRng(seed));
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [8, 8, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'feat', ...init.layer() }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units, activation, name: 'head', ...init.layer() }),
    ],
  });
}

function input(seed: number, shape: [number, number, number, number] = [1, 8, 8, 2]): tf.Tensor4D {
  const rng = createRng(seed);
  return tf.tensor4d(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng.next()), shape);
}

/** ReLU(sign·Σ_k w_k A_k) normalised by its max, from the model's own weights. */
function expectedCam(model: tfl.LayersModel, x: tf.Tensor4D, unit: number, sign: 1 | -1): Float32Array {
  return tf.tidy(() => {
    const feat = tfl.model({ inputs: model.inputs, outputs: model.getLayer('feat').output as tfl.SymbolicTensor });
    const a = tf.squeeze(feat.predict(x) as tf.Tensor, [0]);
    const w = tf.slice(model.getLayer('head').getWeights()[0]!, [0, unit], [-1, 1]);
    const cam = tf.relu(tf.mul(sign, tf.sum(tf.mul(a, tf.reshape(w, [-1])), -1)));
    return tf.divNoNan(cam, tf.max(cam)).dataSync() as Float32Array;
  });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe('gradCam on a single-sigmoid output', () => {
  it('positive equals ReLU(Σ w_k A_k), negative equals ReLU(−Σ w_k A_k), and the two differ', () => {
    const model = camModel(1, 1, 'sigmoid');
    const x = input(2);
    const before = tf.memory().numTensors;
    const pos = gradCam(model, x, { sigmoid: 'positive' });
    const neg = gradCam(model, x, { sigmoid: 'negative' });
    expect(tf.memory().numTensors).toBe(before);
    expect([pos.height, pos.width, pos.heatmap.length]).toEqual([8, 8, 64]);
    expect(pos.layerName).toBe('feat');
    expect(pos.fromLogit).toBe(true);
    expect(maxAbsDiff(pos.heatmap, expectedCam(model, x, 0, 1))).toBeLessThan(1e-4);
    expect(maxAbsDiff(neg.heatmap, expectedCam(model, x, 0, -1))).toBeLessThan(1e-4);
    expect(maxAbsDiff(pos.heatmap, neg.heatmap)).toBeGreaterThan(0.1);
    expect(pos.score + neg.score).toBeCloseTo(1, 5);
    expect(neg.logit).toBeCloseTo(-pos.logit, 5);
    for (const m of [pos.heatmap, neg.heatmap]) {
      expect(Math.min(...m)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...m)).toBeCloseTo(1, 6);
    }
    const auto = gradCam(model, x, { sigmoid: 'auto' });
    const p = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync()[0]!);
    expect(auto.target).toBe(p >= 0.5 ? 'positive' : 'negative');
    expect(auto.heatmap).toEqual(p >= 0.5 ? pos.heatmap : neg.heatmap);
    expect(auto.probability).toBeGreaterThanOrEqual(0.5);
    tf.dispose(x); model.dispose();
  });

  it('a saturated sigmoid still gives a map, because the logit is differentiated', () => {
    const model = camModel(3, 1, 'sigmoid');
    const [kernel, bias] = model.getLayer('head').getWeights();
    model.getLayer('head').setWeights([kernel!, tf.add(bias!, 100)]);
    const x = input(4);
    // σ(z) is exactly 1 in float32, so ∂p/∂A is 0 and a probability-based map would be blank.
    expect(tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync()[0])).toBe(1);
    const r = gradCam(model, x, { sigmoid: 'positive' });
    expect(r.logit).toBeGreaterThan(90);
    expect(maxAbsDiff(r.heatmap, expectedCam(model, x, 0, 1))).toBeLessThan(1e-4);
    expect(Math.max(...r.heatmap)).toBeCloseTo(1, 6);
    tf.dispose(x); model.dispose();
  });
});

describe('gradCam on a softmax output', () => {
  it('explains the predicted class by default and any class on request', () => {
    const model = camModel(5, 3, 'softmax');
    const x = input(6);
    const probs = Array.from(tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync()));
    const top = probs.indexOf(Math.max(...probs));
    const r = gradCam(model, x);
    expect(r.classIndex).toBe(top);
    expect(r.score).toBeCloseTo(probs[top]!, 5);
    for (const c of [0, 1, 2]) {
      const rc = gradCam(model, x, { classIndex: c });
      expect(maxAbsDiff(rc.heatmap, expectedCam(model, x, c, 1))).toBeLessThan(1e-4);
    }
    expect(() => gradCam(model, x, { classIndex: 3 })).toThrow(/outside 0..2/);
    tf.dispose(x); model.dispose();
  });

  it('rejects a batch of two, naming the expected shape', () => {
    const model = camModel(7, 1, 'sigmoid');
    const x = input(8, [2, 8, 8, 2]);
    expect(() => gradCam(model, x)).toThrow(/\[1, height, width, channels\]/);
    tf.dispose(x); model.dispose();
  });
});

describe('gradCam on a functional graph', () => {
  it('holds a skip branch fixed and strips a trailing Activation layer', () => {
    const init = seededInit(createRng(21));
    const inp = tfl.input({ shape: [8, 8, 2] });
    const c0 = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', ...init.layer() }).apply(inp) as tfl.SymbolicTensor;
    const feat = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'feat', ...init.layer() }).apply(c0) as tfl.SymbolicTensor;
    const sum = tfl.layers.add().apply([feat, c0]) as tfl.SymbolicTensor;
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(sum) as tfl.SymbolicTensor;
    const z = tfl.layers.dense({ units: 1, name: 'head', ...init.layer() }).apply(pooled) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: inp, outputs: tfl.layers.activation({ activation: 'sigmoid' }).apply(z) as tfl.SymbolicTensor });
    const x = input(22);
    const before = tf.memory().numTensors;
    const r = gradCam(model, x, { layerName: 'feat', sigmoid: 'negative' });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.fromLogit).toBe(true);
    // The score is linear in A once c0 is fixed, so the closed form holds for the target layer.
    expect(maxAbsDiff(r.heatmap, expectedCam(model, x, 0, -1))).toBeLessThan(1e-4);
    const p = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync()[0]!);
    expect(r.score).toBeCloseTo(1 - p, 5);
    tf.dispose(x); model.dispose();
  });
});

describe('saliency', () => {
  it('returns [h,w,1] in [0,1] with max 1, leaks nothing, and matches |∂logit/∂x| max over channels', () => {
    const model = camModel(9, 1, 'sigmoid');
    const x = input(10);
    const before = tf.memory().numTensors;
    const s = saliency(model, x, { sigmoid: 'positive' });
    const v = s.dataSync();
    expect(s.shape).toEqual([8, 8, 1]);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeCloseTo(1, 6);
    const expected = tf.tidy(() => {
      const head = model.getLayer('head');
      const logitModel = (z: tf.Tensor): tf.Scalar => {
        const feat = tfl.model({ inputs: model.inputs, outputs: model.layers[1]!.output as tfl.SymbolicTensor });
        const pooled = feat.apply(z) as tf.Tensor;
        const [k, b] = head.getWeights();
        return tf.sum(tf.add(tf.matMul(pooled, k!), b!)) as tf.Scalar;
      };
      const g = tf.max(tf.abs(tf.grad(logitModel)(x)), 3);
      return tf.div(g, tf.max(g)).dataSync();
    });
    expect(maxAbsDiff(v, expected)).toBeLessThan(1e-4);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x); model.dispose();
  });
});

describe('gradCam on the nsfwjs MobileNetV2', () => {
  let mobilenet: tfl.LayersModel | undefined;
  let reason = '';
  beforeAll(async () => {
    try { mobilenet = await loadMobileNetV2FromNsfwjs(); } catch (err) { reason = String(err); }
    if (!mobilenet) console.warn(`MobileNetV2 Grad-CAM skipped: nsfwjs model failed to load: ${reason}`);
  });
  it('gives a 7×7 map at out_relu without leaking tensors', (ctx) => {
    if (!mobilenet) return ctx.skip();
    const x = tf.tidy(() => tf.div(tf.tensor4d(Float32Array.from({ length: 224 * 224 * 3 }, (_, i) => (i * 7919) % 256), [1, 224, 224, 3]), 255)) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const t = performance.now();
    const r = gradCam(mobilenet, x);
    console.log(`Grad-CAM on MobileNetV2 out_relu: ${(performance.now() - t).toFixed(0)} ms, class ${r.classIndex}, p ${r.score.toFixed(3)}, fromLogit ${r.fromLogit}`);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.layerName).toBe('out_relu');
    expect([r.height, r.width, r.heatmap.length]).toEqual([7, 7, 49]);
    expect(r.heatmap.every((v) => v >= 0 && v <= 1)).toBe(true);
    tf.dispose(x); mobilenet.dispose();
  });
});
