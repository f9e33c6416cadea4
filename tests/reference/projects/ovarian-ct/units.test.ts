import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../reference/core/backend.js';
import { createRng } from '../../../../reference/core/seed.js';
import {
  allBackground, classWeights, randomCrop, createAdamW, createUNet, deepSupervisionLoss, flipVolume, forwardUNet, logSoftmax,
  oneCycle, ovarianConfig, patientOf, predictSliding, scoreVolume, windowStarts, splitByPatient, trainStep, upsampleNearest, weightedCrossEntropy,
  type CtCase, type LossOptions,
} from '../../../../reference/projects/ovarian-ct/index.js';

beforeAll(async () => { await selectBackend({ prefer: 'wasm' }); });

const LOSS: LossOptions = { ceWeight: 0.7, deepWeight: 0.5, backgroundWeight: 0.1, smooth: 1e-5 };

/** A tiny case: a 3×3×2 primary block and a 1-voxel metastasis in an 8×8×8 volume. */
function tinyCase(id = 'synthetic_patient_001', shift = 0): CtCase {
  const shape: [number, number, number] = [8, 8, 8];
  const labels = new Uint8Array(512), hu = new Float32Array(512).fill(40);
  for (let z = 3; z < 5; z++) for (let y = 2; y < 5; y++) for (let x = 2 + shift; x < 5 + shift; x++) { labels[(z * 8 + y) * 8 + x] = 1; hu[(z * 8 + y) * 8 + x] = 85; }
  labels[(6 * 8 + 6) * 8 + 6] = 2; hu[(6 * 8 + 6) * 8 + 6] = 70;
  return { id, patient: patientOf(id), hu, labels, shape, affine: [] };
}

describe('AdamW with decoupled weight decay', () => {
  it('matches two steps computed by hand (PyTorch AdamW formulas), with and without amsgrad', () => {
    for (const amsgrad of [false, true]) {
      const p = tf.variable(tf.tensor1d([1.0, -2.0]), true, `p-${amsgrad}`);
      const opt = createAdamW(new Map([['p', p]]), { weightDecay: 0.1, amsgrad, beta2: 0.999, epsilon: 1e-8 });
      const lr = 0.01, b1 = 0.9, b2 = 0.999, wd = 0.1;
      // By hand, in float64: g1 = [0.5, -1], g2 = [0.1, 2].
      let w = [1.0, -2.0], m = [0, 0], v = [0, 0], vmax = [0, 0];
      const gs = [[0.5, -1], [0.1, 2]];
      gs.forEach((g, k) => {
        const t = k + 1;
        w = w.map((wi, i) => {
          const decayed = wi * (1 - lr * wd);
          m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
          v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
          vmax[i] = Math.max(vmax[i]!, v[i]!);
          const second = amsgrad ? vmax[i]! : v[i]!;
          return decayed - (lr / (1 - b1 ** t)) * m[i]! / (Math.sqrt(second) / Math.sqrt(1 - b2 ** t) + 1e-8);
        });
        const grad = tf.tensor1d(g);
        opt.step({ p: grad }, lr, b1);
        grad.dispose();
      });
      const got = Array.from(p.dataSync());
      expect(got[0]).toBeCloseTo(w[0]!, 5);
      expect(got[1]).toBeCloseTo(w[1]!, 5);
      opt.dispose(); p.dispose();
    }
  });

  it('decays weights with a zero gradient (L2-in-the-gradient Adam would not move them)', () => {
    const p = tf.variable(tf.tensor1d([2.0]), true, 'decay-only');
    const opt = createAdamW(new Map([['p', p]]), { weightDecay: 0.5 });
    const g = tf.tensor1d([0]);
    opt.step({ p: g }, 0.1);
    expect(p.dataSync()[0]).toBeCloseTo(2 * (1 - 0.1 * 0.5), 6);
    g.dispose(); opt.dispose(); p.dispose();
  });
});

describe('one-cycle schedule (PyTorch OneCycleLR, cos, cycle_momentum)', () => {
  const o = { maxLr: 1e-3, totalSteps: 100, pctStart: 0.3, divFactor: 25, finalDivFactor: 1000, baseMomentum: 0.85, maxMomentum: 0.95 };
  it('gives the values PyTorch gives at the phase boundaries and in between', () => {
    expect(oneCycle(0, o).lr).toBeCloseTo(4e-5, 12);
    expect(oneCycle(0, o).beta1).toBeCloseTo(0.95, 12);
    expect(oneCycle(29, o).lr).toBeCloseTo(1e-3, 12); // end of warm-up: step pct_start·total − 1
    expect(oneCycle(29, o).beta1).toBeCloseTo(0.85, 12);
    expect(oneCycle(99, o).lr).toBeCloseTo(4e-8, 15); // initial / final_div_factor
    // Mid warm-up, by hand: pct = 14/29 of the cosine from initial to max.
    const mid = oneCycle(14, o).lr;
    const pct = 14 / 29;
    expect(mid).toBeCloseTo(1e-3 + ((4e-5 - 1e-3) / 2) * (Math.cos(Math.PI * pct) + 1), 12);
    expect(mid).toBeGreaterThan(4e-5); expect(mid).toBeLessThan(1e-3);
    // Annealing phase, step 64: pct = (64 − 29) / (99 − 29) = 0.5.
    expect(oneCycle(64, o).lr).toBeCloseTo(4e-8 + (1e-3 - 4e-8) / 2, 12);
  });

  it('rises then falls monotonically; stepping once per epoch (the notebook) stays in the warm-up', () => {
    const lrs = Array.from({ length: 100 }, (_, s) => oneCycle(s, o).lr);
    for (let s = 1; s < 30; s++) expect(lrs[s]!).toBeGreaterThan(lrs[s - 1]!);
    for (let s = 30; s < 100; s++) expect(lrs[s]!).toBeLessThan(lrs[s - 1]!);
    // 50 epochs × 10 steps configured, stepped 50 times: still rising in the warm-up, never annealed.
    const nb = { ...o, totalSteps: 500 };
    const notebook = oneCycle(50, nb).lr;
    expect(notebook).toBeLessThan(0.3 * o.maxLr);
    expect(oneCycle(51, nb).lr).toBeGreaterThan(notebook);
    expect(() => oneCycle(101, o)).toThrow(/one-cycle step/);
  });
});

describe('3D U-Net', () => {
  it('maps [1, D, H, W, 1] to main and deep logits of [1, D, H, W, 3], one deep head per decoder level', () => {
    const net = createUNet({ features: [2, 4, 8], classes: 3, seReduction: 4 }, createRng(1));
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => {
      const o = forwardUNet(net, tf.zeros([1, 8, 8, 8, 1]) as tf.Tensor5D);
      return [o.main, ...o.deep];
    });
    expect(out.map((t) => t.shape)).toEqual([[1, 8, 8, 8, 3], [1, 8, 8, 8, 3], [1, 8, 8, 8, 3]]);
    tf.dispose(out);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });

  it('differentiates conv3dTranspose (the registered gradient) like finite differences', () => {
    createUNet({ features: [2, 4], classes: 3, seReduction: 4 }, createRng(9)).dispose(); // registers the gradient
    const rng = createRng(11);
    const rand = (shape: number[]): tf.Tensor => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
    const x = rand([1, 2, 3, 2, 3]) as tf.Tensor5D, w = rand([2, 2, 2, 2, 3]) as tf.Tensor5D, r = rand([1, 4, 6, 4, 2]);
    const f = (xx: tf.Tensor5D, ww: tf.Tensor5D): tf.Scalar => tf.sum(tf.mul(tf.conv3dTranspose(xx, ww, [1, 4, 6, 4, 2], 2, 'valid'), r));
    const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => f(a as tf.Tensor5D, b as tf.Tensor5D))([x, w]);
    const numeric = (t: tf.Tensor, i: number, which: 0 | 1): number => {
      const v = t.dataSync().slice(); const h = 1e-2;
      v[i]! += h; const plus = tf.tensor5d(Float32Array.from(v), t.shape as [number, number, number, number, number]);
      v[i]! -= 2 * h; const minus = tf.tensor5d(Float32Array.from(v), t.shape as [number, number, number, number, number]);
      const d = which === 0 ? (f(plus, w).dataSync()[0]! - f(minus, w).dataSync()[0]!) : (f(x, plus).dataSync()[0]! - f(x, minus).dataSync()[0]!);
      return d / (2 * h);
    };
    for (const i of [0, 5, 17, 35]) expect(gx!.dataSync()[i]).toBeCloseTo(numeric(x, i, 0), 2);
    for (const i of [0, 7, 23, 47]) expect(gw!.dataSync()[i]).toBeCloseTo(numeric(w, i, 1), 2);
  });

  it('upsamples nearest-neighbour exactly', () => {
    const x = tf.tensor5d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2, 1]);
    const y = upsampleNearest(x, 2);
    const v = y.arraySync() as number[][][][][];
    expect(y.shape).toEqual([1, 4, 4, 4, 1]);
    expect(v[0]![3]![0]![1]![0]).toBe(5); // d=1, h=0, w=0 → source index 4
    expect(v[0]![2]![3]![2]![0]).toBe(8);
    x.dispose(); y.dispose();
  });

  it('gives every deep-supervision head a gradient from the total loss (fails with the notebook bug)', () => {
    const net = createUNet({ features: [2, 4, 8], classes: 3, seReduction: 4 }, createRng(2));
    const c = tinyCase();
    const x = tf.tensor5d(c.hu.map((h) => h / 100), [1, 8, 8, 8, 1]);
    const y = tf.reshape(tf.oneHot(tf.tensor1d(Int32Array.from(c.labels), 'int32'), 3), [1, 8, 8, 8, 3]) as tf.Tensor5D;
    const w = classWeights([500, 6, 1], 0.1, 1e-5);
    const heads = ['deep0/conv', 'deep1/conv', 'final/conv'].map((n) => net.params.get(n)!);
    const parts = tf.tidy(() => {
      const l = deepSupervisionLoss(forwardUNet(net, x), y, w, LOSS);
      return [l.total, l.main, ...l.deep].map((t) => t.dataSync()[0]!);
    });
    const [total, main, d1, d0] = parts as [number, number, number, number];
    expect(total).toBeCloseTo(main + 0.5 * ((d1 + d0) / 2), 5);
    const { grads, value } = tf.variableGrads(() => deepSupervisionLoss(forwardUNet(net, x), y, w, LOSS).total, heads);
    for (const h of heads) expect(tf.max(tf.abs(grads[h.name]!)).dataSync()[0]).toBeGreaterThan(1e-6);
    tf.dispose([value, ...Object.values(grads), x, y]);
    net.dispose();
  });

  it('leaves no tensor behind once the U-Net and its AdamW state are disposed', () => {
    const before = tf.memory().numTensors;
    const net = createUNet({ features: [2, 4, 8], classes: 3, seReduction: 4 }, createRng(6));
    const opt = createAdamW(net.params, { amsgrad: true });
    expect(tf.memory().numTensors).toBe(before + 4 * net.params.size);
    opt.dispose(); net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains a step without leaking tensors, and the same seed gives the same loss and weights', () => {
    const c = tinyCase();
    const cfg = { ...ovarianConfig('ci'), features: [2, 4, 8] };
    const runTwo = (): { losses: number[]; w: number[] } => {
      const net = createUNet({ features: cfg.features, classes: 3, seReduction: 4 }, createRng(5));
      const opt = createAdamW(net.params, { amsgrad: true });
      const img = c.hu.map((h) => h / 100);
      trainStep(net, opt, img, c.labels, c.shape, cfg, 1e-3, 0.9);
      const before = tf.memory().numTensors;
      const losses = [trainStep(net, opt, img, c.labels, c.shape, cfg, 1e-3, 0.9)];
      expect(tf.memory().numTensors).toBe(before);
      const w = Array.from(net.params.get('enc0/conv1')!.dataSync());
      opt.dispose(); net.dispose();
      return { losses, w };
    };
    const a = runTwo(), b = runTwo();
    expect(a.losses).toEqual(b.losses);
    expect(a.w).toEqual(b.w);
  });
});

describe('losses', () => {
  it("computes the notebook's class weights", () => {
    const w = classWeights([90, 8, 2], 0.1, 0);
    expect(w[0]).toBeCloseTo(0.1, 10);
    expect(w[1]).toBeCloseTo(0.45 * 0.2, 10);
    expect(w[2]).toBeCloseTo(0.45 * 0.8, 10);
  });

  it('leaves a lesion class absent from the batch out of the inverse-frequency share (the notebook gives it all)', () => {
    const w = classWeights([90, 10, 0], 0.1, 1e-5);
    expect(w[0]).toBeCloseTo(0.1, 10);
    expect(w[1]).toBeCloseTo(0.45, 10);
    expect(w[2]).toBe(0);
    expect(classWeights([100, 0, 0], 0.1, 1e-5)).toEqual([0.1, 0.45, 0.45]);
  });

  it('weighted CE equals Σ w_y·(−log p_y) / Σ w_y, and log-softmax has the right gradient', () => {
    const logits = tf.tensor5d([2, 0, 0, 0, 1, 0], [1, 1, 1, 2, 3]);
    const onehot = tf.tensor5d([1, 0, 0, 0, 0, 1], [1, 1, 1, 2, 3]);
    const ce = weightedCrossEntropy(logits, onehot, [0.1, 0.3, 0.6]).dataSync()[0]!;
    const lp = (v: number[], k: number): number => v[k]! - Math.log(v.reduce((a, b) => a + Math.exp(b), 0));
    expect(ce).toBeCloseTo((0.1 * -lp([2, 0, 0], 0) + 0.6 * -lp([0, 1, 0], 2)) / 0.7, 5);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(logSoftmax(x), tf.tensor1d([1, 2, 3]))))(tf.tensor1d([0.5, -1, 2]));
    // d/dx_j Σ_i c_i (x_i − lse) = c_j − softmax_j · Σ c
    const e = [0.5, -1, 2].map(Math.exp), s = e.reduce((a, b) => a + b, 0);
    Array.from(g.dataSync()).forEach((v, j) => expect(v).toBeCloseTo([1, 2, 3][j]! - (e[j]! / s) * 6, 5));
    tf.dispose([logits, onehot, g]);
  });
});

describe('data and scoring', () => {
  it('flips image and mask together and keeps labels integral; twice is the identity', () => {
    const c = tinyCase();
    const f = flipVolume(c.labels, c.shape, 0);
    expect(f.reduce((a, b) => a + b, 0)).toBe(c.labels.reduce((a, b) => a + b, 0));
    expect(f[(6 * 8 + 6) * 8 + 1]).toBe(2);
    expect(flipVolume(f, c.shape, 0)).toEqual(c.labels);
  });

  it('crops image and mask together; a foreground crop always contains lesion voxels', () => {
    const c = tinyCase();
    const rng = createRng(4);
    for (let k = 0; k < 20; k++) {
      const r = randomCrop(c.hu, c.labels, c.shape, [4, 4, 4], 1, rng);
      expect(r.labels.length).toBe(64);
      expect(r.labels.some((l) => l > 0)).toBe(true);
      r.labels.forEach((l, i) => expect(r.image[i]).toBe(l === 1 ? 85 : l === 2 ? 70 : 40));
    }
    expect(() => randomCrop(c.hu, c.labels, c.shape, [16, 4, 4], 1, rng)).toThrow(/larger than volume/);
  });

  it('places the lesion voxel anywhere in a foreground crop, not always in the middle', () => {
    // One lesion voxel at x = 4 of 16; a 4-wide crop can start at x = 1..4, so the voxel can sit at 0..3.
    const labels = new Uint8Array(16 * 4 * 4), hu = new Float32Array(labels.length);
    labels[(2 * 4 + 2) * 16 + 4] = 1;
    const rng = createRng(9), seen = new Set<number>();
    for (let k = 0; k < 60; k++) {
      const r = randomCrop(hu, labels, [16, 4, 4], [4, 4, 4], 1, rng);
      seen.add(r.labels.indexOf(1) % 4);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });

  it('splits by patient: two scans of one patient never land in different splits', () => {
    const cases = [1, 1, 2, 3, 4, 4, 5, 6].map((p, i) => tinyCase(`case_${p}_scan${i}`));
    for (let seed = 0; seed < 10; seed++) {
      const s = splitByPatient(cases, { train: 3, val: 1, test: 2 }, createRng(seed));
      const sets = [s.train, s.val, s.test].map((x) => new Set(x.map((c) => c.patient)));
      expect(sets.map((x) => x.size)).toEqual([3, 1, 2]);
      for (const p of sets[0]!) { expect(sets[1]!.has(p) || sets[2]!.has(p)).toBe(false); }
      for (const p of sets[1]!) expect(sets[2]!.has(p)).toBe(false);
    }
  });

  it('scores per class with the course convention and MONAI NaN for an absent class', () => {
    const c = tinyCase();
    const perfect = scoreVolume(c, c.labels);
    expect(perfect.dice).toEqual([1, 1, 1]);
    const bg = scoreVolume(c, allBackground(c));
    expect(bg.dice.slice(1)).toEqual([0, 0]);
    const noMeta = { ...c, labels: c.labels.map((l) => (l === 2 ? 0 : l)) };
    const s = scoreVolume(noMeta, noMeta.labels);
    expect(s.dice[2]).toBe(1);
    expect(Number.isNaN(s.diceMonai[2])).toBe(true);
  });
});

describe('sliding-window inference', () => {
  it('lists window origins that cover the axis, the last flush with the edge', () => {
    expect(windowStarts(48, 16, 0.5)).toEqual([0, 8, 16, 24, 32]);
    expect(windowStarts(24, 8, 0.25)).toEqual([0, 6, 12, 16]);
    expect(windowStarts(16, 16, 0.5)).toEqual([0]);
    expect(() => windowStarts(8, 16, 0.5)).toThrow(/larger/);
  });

  it('equals the whole-volume argmax when the window is the volume, and batching changes nothing', () => {
    const net = createUNet({ features: [2, 4, 8], classes: 3, seReduction: 4 }, createRng(3));
    const c = tinyCase();
    const img = c.hu.map((h) => h / 100);
    const whole = tf.tidy(() => Uint8Array.from(tf.argMax(forwardUNet(net, tf.tensor5d(img, [1, 8, 8, 8, 1])).main, 4).dataSync()));
    expect(predictSliding(net, img, c.shape, [8, 8, 8])).toEqual(whole);
    const before = tf.memory().numTensors;
    const one = predictSliding(net, img, c.shape, [4, 4, 4], 0.5, 1);
    expect(predictSliding(net, img, c.shape, [4, 4, 4], 0.5, 16)).toEqual(one);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });
});
